import type { IceServer } from '../../shared/api/remote-sessions';
import { REMOTE_RIGHTS, type RemoteRight, type RemoteSessionEventKind } from '../../shared/domain/remote-session';
import { REMOTE_SIGNAL_CLOSE, type AgentSignalServerFrame, type DeviceSessionClientFrame, type PeerSignal, type SessionOfferFrame } from '../../shared/remote/signaling';
import type { ServerContext } from '../context';
import type { DeviceLink, DevicePresence } from '../devices/presence';
import { SessionRecord, type RecordLine } from './record';
import { isTerminal, remoteDb, toRemoteSession, type RemoteDb, type RemoteSessionRow } from './tables';
import { writeSessionNote } from './session-note';

/** The agent's signaling socket for one session, as the live session sees it. */
export interface AgentAttachment {
  actorId: string;
  send(frame: AgentSignalServerFrame): void;
  close(code: number, reason: string): void;
}

/** Device signals waiting for the agent's socket (the device sends its offer right after granting). */
const BUFFER_MAX_SIGNALS = 100;
const BUFFER_MAX_AGE_MS = 30_000;
/** After a session ends, the device's last record lines (final transcript piece) are still taken this long. */
const SETTLE_MS = 1_000;
export const DEFAULT_DISCONNECT_GRACE_MS = 10_000;

interface LiveSession {
  row: RemoteSessionRow;
  record: SessionRecord;
  agent: AgentAttachment | null;
  buffered: { attempt: number; signal: PeerSignal; at: number }[];
  /** The newest negotiation attempt seen from the device; older signals are dropped. */
  attempt: number;
  /** When no answer counts as no (server clock); the `requested` line records it. */
  consentDeadline: Date;
  consentTimer: NodeJS.Timeout | null;
  graceTimer: NodeJS.Timeout | null;
  settleTimer: NodeJS.Timeout | null;
  /** Frames and actions on one session run one after another, so a signal sent right after a grant sees it active. */
  ops: Promise<void>;
}

type Patch = Partial<Pick<RemoteSessionRow, 'status' | 'granted' | 'reason' | 'ended_by' | 'started_at' | 'ended_at'>>;

/**
 * The sessions this server instance runs: their consent timers, the agent's signaling socket, the
 * relay of WebRTC signals both ways, the device's record lines, and the end of each (the device
 * told, the agent's socket closed, the note written on the ticket). A session lives on the instance
 * its device is connected to; its row in the store is the truth everyone else reads.
 */
export class LiveSessions {
  private readonly live = new Map<string, LiveSession>();
  private readonly db: RemoteDb;
  readonly iceServers: IceServer[];
  private readonly consentTimeoutMs: number;
  private readonly graceMs: number;
  private readonly log;

  /**
   * `instanceId`: this server instance (the instance bus's id), written in each session's
   * `requested` line as the one running it, so that a crash sweep knows whose sessions were left.
   */
  constructor(
    private readonly ctx: ServerContext,
    private readonly presence: DevicePresence,
    consentTimeoutMs: number,
    readonly instanceId: string,
  ) {
    this.db = remoteDb(ctx.store.db);
    this.iceServers = ctx.config.iceServers ?? [];
    this.consentTimeoutMs = ctx.config.remoteConsentTimeoutMs ?? consentTimeoutMs;
    this.graceMs = ctx.config.remoteDisconnectGraceMs ?? DEFAULT_DISCONNECT_GRACE_MS;
    this.log = ctx.log.child({ module: 'remote-sessions' });
    presence.onSessionFrame((link, frame) => this.onDeviceFrame(link, frame));
    presence.subscribe((deviceId, online) => this.onPresence(deviceId, online));
  }

  /** The store, seen with the remote tables. */
  get database(): RemoteDb {
    return this.db;
  }

  get consentWindowMs(): number {
    return this.consentTimeoutMs;
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  /** A pending session's consent deadline when it runs here, else null. */
  consentDeadlineOf(id: string): Date | null {
    const session = this.live.get(id);
    return session?.row.status === 'pending' ? session.consentDeadline : null;
  }

  /** Starts a recorded, pending session: the `requested` line, the offer to the device, the consent timer. */
  async open(row: RemoteSessionRow, offer: Omit<SessionOfferFrame, 'type' | 'sessionId' | 'answerBy' | 'answerWithinMs' | 'iceServers'>, link: DeviceLink): Promise<RemoteSessionRow> {
    const consentDeadline = new Date(this.ctx.clock().getTime() + this.consentTimeoutMs);
    const session: LiveSession = {
      row,
      record: new SessionRecord(this.db, this.ctx.clock, this.log, row.id),
      agent: null,
      buffered: [],
      attempt: 0,
      consentDeadline,
      consentTimer: null,
      graceTimer: null,
      settleTimer: null,
      ops: Promise.resolve(),
    };
    this.live.set(row.id, session);
    await session.record.now({
      kind: 'requested',
      source: 'agent',
      data: { agentId: row.agent_id, rights: row.requested, ticketId: row.ticket_id, unattended: row.unattended, instanceId: this.instanceId, consentDeadline: consentDeadline.toISOString() },
    });
    // The time left, not only the instant: the device counts it on its own clock.
    const answerWithinMs = Math.max(0, consentDeadline.getTime() - this.ctx.clock().getTime());
    const sent = link.send({ type: 'session_offer', sessionId: row.id, answerBy: consentDeadline.getTime(), answerWithinMs, iceServers: this.iceServers, ...offer });
    if (!sent) {
      await this.run(session, () => this.finish(session, { status: 'failed', reason: 'The device went offline before the request reached it. Try again when it is connected.', ended_by: 'server' }, 'ended', 'server'));
      return session.row;
    }
    session.consentTimer = setTimeout(() => {
      void this.run(session, async () => {
        if (session.row.status !== 'pending') return;
        const seconds = Math.round(this.consentTimeoutMs / 1000);
        await this.finish(session, { status: 'timed_out', reason: `No one answered at the device within ${seconds} seconds.`, ended_by: 'server' }, 'timed_out', 'server');
      });
    }, answerWithinMs);
    return session.row;
  }

  /** Ends a session for the agent (REST or the socket's `end`); answers the row as it stands after. */
  async endByAgent(id: string, reason: string | undefined): Promise<RemoteSessionRow | null> {
    const session = this.live.get(id);
    if (!session) return null;
    await this.run(session, async () => {
      if (isTerminal(session.row.status)) return;
      await this.finish(session, { status: 'ended', reason: reason || 'The agent ended the session.', ended_by: 'agent' }, 'ended', 'agent');
    });
    return session.row;
  }

  /** Attaches the agent's socket (a newer one replaces the older); answers false when the session is not run here. */
  attachAgent(id: string, attachment: AgentAttachment): boolean {
    const session = this.live.get(id);
    if (!session) return false;
    if (isTerminal(session.row.status)) {
      // Over, its record still settling: the last state, then closed, as for any finished session.
      attachment.send(this.stateFrame(session.row));
      attachment.close(REMOTE_SIGNAL_CLOSE.ended, 'Session over.');
      return true;
    }
    const old = session.agent;
    session.agent = attachment;
    if (old && old !== attachment) {
      old.send({ type: 'error', code: 'replaced', message: 'This session was opened in another window; this one stopped following it.' });
      old.close(REMOTE_SIGNAL_CLOSE.refused, 'Opened elsewhere.');
    }
    attachment.send(this.stateFrame(session.row));
    const now = Date.now();
    const waiting = session.buffered.filter((b) => now - b.at <= BUFFER_MAX_AGE_MS && b.attempt >= session.attempt);
    session.buffered = [];
    for (const b of waiting) attachment.send({ type: 'signal', attempt: b.attempt, signal: b.signal });
    return true;
  }

  detachAgent(id: string, attachment: AgentAttachment): void {
    const session = this.live.get(id);
    if (session?.agent === attachment) session.agent = null;
  }

  /** Relays an agent's signal to the device; answers why not, as a sentence, when it cannot. */
  relayFromAgent(id: string, attachment: AgentAttachment, attempt: number, signal: PeerSignal): string | null {
    const session = this.live.get(id);
    if (!session || session.agent !== attachment) return 'This window no longer follows the session.';
    if (session.row.status !== 'active') return 'Signals are relayed only while the session is active.';
    if (attempt < session.attempt) return null; // an older negotiation: dropped quietly, as the device would
    const link = this.presence.get(session.row.device_id);
    if (!link || !link.send({ type: 'session_signal', sessionId: id, attempt, signal })) return 'The device is not connected right now; the session resumes if it comes back.';
    return null;
  }

  /** The `state` frame for the agent's socket; while pending it says how long is left to answer. */
  stateFrame(row: RemoteSessionRow): AgentSignalServerFrame {
    const deadline = row.status === 'pending' ? (this.live.get(row.id)?.consentDeadline ?? null) : null;
    const session = toRemoteSession(row, deadline);
    if (!deadline) return { type: 'state', session, iceServers: this.iceServers };
    return { type: 'state', session, iceServers: this.iceServers, consentLeftMs: Math.max(0, deadline.getTime() - this.ctx.clock().getTime()) };
  }

  /** Ends every session run here (server shutting down), writing their records and notes. */
  async shutdown(): Promise<void> {
    const sessions = [...this.live.values()];
    await Promise.all(
      sessions.map((session) =>
        this.run(session, async () => {
          if (!isTerminal(session.row.status)) {
            const status = session.row.status === 'pending' ? 'failed' : 'ended';
            await this.finish(session, { status, reason: 'The Tandem server shut down.', ended_by: 'server' }, 'ended', 'server', true);
          }
          await this.settle(session);
        }),
      ),
    );
  }

  // ——— the device's side ———

  private onDeviceFrame(link: DeviceLink, frame: DeviceSessionClientFrame): void {
    const session = this.live.get(frame.sessionId);
    if (!session || session.row.device_id !== link.deviceId) {
      this.log.warn({ deviceId: link.deviceId, sessionId: frame.sessionId, type: frame.type }, 'frame for a session this device does not have here dropped');
      return;
    }
    if (frame.type === 'session_signal') {
      // Not queued behind writes: a signal only needs the status, which the queue keeps in order.
      void this.run(session, async () => this.relayFromDevice(session, frame.attempt, frame.signal));
      return;
    }
    if (frame.type === 'session_log') {
      if (session.row.status === 'pending') return this.log.warn({ sessionId: session.row.id }, 'record line before the session started dropped');
      session.record.fromDevice(frame.kind, frame.data);
      return;
    }
    void this.run(session, async () => {
      if (frame.type === 'session_answer') await this.onAnswer(session, frame.granted, frame.refused, frame.reason);
      else if (!isTerminal(session.row.status)) {
        const wasPending = session.row.status === 'pending';
        await this.finish(
          session,
          { status: wasPending ? 'refused' : 'ended', reason: frame.reason || (wasPending ? 'The person at the device said no.' : 'The session was ended at the device.'), ended_by: 'device' },
          wasPending ? 'refused' : 'ended',
          'device',
          true,
        );
      }
    });
  }

  private async onAnswer(session: LiveSession, offered: RemoteRight[], refused: boolean, reason: string | undefined): Promise<void> {
    if (session.row.status !== 'pending') return this.log.warn({ sessionId: session.row.id, status: session.row.status }, 'answer to a session no longer pending dropped');
    // The device may grant fewer rights than asked, never others; control without view is not granted.
    let granted = REMOTE_RIGHTS.filter((r) => offered.includes(r) && session.row.requested.includes(r));
    if (!granted.includes('view')) granted = granted.filter((r) => r !== 'control');
    if (refused || granted.length === 0) {
      const why = reason || (refused ? 'The person at the device said no.' : 'The device granted none of the rights asked for.');
      await this.finish(session, { status: 'refused', reason: why, ended_by: 'device' }, 'refused', 'device', true);
      return;
    }
    this.clearTimer(session, 'consentTimer');
    await this.change(session, { status: 'active', granted, started_at: this.ctx.clock() }, { kind: 'granted', source: 'device', data: { granted, unattended: session.row.unattended } });
  }

  private relayFromDevice(session: LiveSession, attempt: number, signal: PeerSignal): void {
    if (session.row.status !== 'active') return this.log.warn({ sessionId: session.row.id, status: session.row.status }, 'device signal outside an active session dropped');
    if (attempt < session.attempt) return;
    if (attempt > session.attempt) {
      session.attempt = attempt;
      session.buffered = session.buffered.filter((b) => b.attempt >= attempt);
    }
    if (session.agent) return session.agent.send({ type: 'signal', attempt, signal });
    if (session.buffered.length >= BUFFER_MAX_SIGNALS) session.buffered.shift();
    session.buffered.push({ attempt, signal, at: Date.now() });
  }

  private onPresence(deviceId: string, online: boolean): void {
    const sessions = [...this.live.values()].filter((s) => s.row.device_id === deviceId && !isTerminal(s.row.status));
    if (online) {
      for (const s of sessions) this.clearTimer(s, 'graceTimer');
      return;
    }
    if (sessions.length === 0) return;
    void this.db
      .selectFrom('devices')
      .select('revoked_at')
      .where('id', '=', deviceId)
      .executeTakeFirst()
      .then((device) => {
        for (const s of sessions) {
          const end = () =>
            void this.run(s, async () => {
              if (isTerminal(s.row.status) || this.presence.isOnline(deviceId)) return;
              const reason = device?.revoked_at ? 'The device was revoked.' : s.row.status === 'pending' ? 'The device went offline before it answered.' : 'The device disconnected.';
              await this.finish(s, { status: s.row.status === 'pending' ? 'failed' : 'ended', reason, ended_by: 'server' }, 'ended', 'server', true);
            });
          if (device?.revoked_at || this.graceMs === 0) end();
          else {
            this.clearTimer(s, 'graceTimer');
            s.graceTimer = setTimeout(end, this.graceMs);
          }
        }
      })
      .catch((err: unknown) => this.log.error({ err, deviceId }, 'could not look at a device that went offline'));
  }

  // ——— changes ———

  private run(session: LiveSession, step: () => Promise<void> | void): Promise<void> {
    session.ops = session.ops.then(step).catch((err: unknown) => this.log.error({ err, sessionId: session.row.id }, 'remote session step failed'));
    return session.ops;
  }

  /** Writes a change to the row and its line to the record, then tells the agent's socket. */
  private async change(session: LiveSession, patch: Patch, line: RecordLine): Promise<void> {
    const row = await this.db.updateTable('remote_sessions').set(patch).where('id', '=', session.row.id).returningAll().executeTakeFirstOrThrow();
    session.row = row as RemoteSessionRow;
    await session.record.now(line);
    session.agent?.send(this.stateFrame(session.row));
  }

  /**
   * Ends the session: the row, the record line, the device told (unless it ended it), the agent's
   * socket sent the last state and closed; the note follows once late record lines have settled.
   */
  private async finish(session: LiveSession, patch: Patch & { status: RemoteSessionRow['status'] }, kind: RemoteSessionEventKind, source: RecordLine['source'], deviceKnows = false): Promise<void> {
    this.clearTimer(session, 'consentTimer');
    this.clearTimer(session, 'graceTimer');
    const reason = patch.reason ?? null;
    await this.change(session, { ...patch, ended_at: this.ctx.clock() }, { kind, source, data: { status: patch.status, reason, endedBy: patch.ended_by ?? null } });
    if (!deviceKnows) this.presence.get(session.row.device_id)?.send({ type: 'session_end', sessionId: session.row.id, reason: reason ?? 'The session ended.' });
    session.agent?.close(REMOTE_SIGNAL_CLOSE.ended, 'Session over.');
    session.agent = null;
    session.buffered = [];
    this.log.info({ sessionId: session.row.id, status: patch.status, endedBy: patch.ended_by }, 'remote session over');
    session.settleTimer = setTimeout(() => void this.run(session, () => this.settle(session)), SETTLE_MS);
  }

  /** Writes what is left of the record, the note on the ticket, and forgets the session. */
  private async settle(session: LiveSession): Promise<void> {
    this.clearTimer(session, 'settleTimer');
    if (!this.live.has(session.row.id)) return;
    this.live.delete(session.row.id);
    await session.record.flush();
    await writeSessionNote(this.ctx, this.db, session.row).catch((err: unknown) => this.log.error({ err, sessionId: session.row.id }, 'session note not written on the ticket'));
  }

  private clearTimer(session: LiveSession, which: 'consentTimer' | 'graceTimer' | 'settleTimer'): void {
    const timer = session[which];
    if (timer) clearTimeout(timer);
    session[which] = null;
  }
}
