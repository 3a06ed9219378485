import type { DeviceCapabilities } from '../../shared/device-protocol';
import type { RunningSession, RunningSessionState } from '../../shared/remote/consent';
import type { RemotePeer, RemotePeerOptions } from '../../shared/remote/peer';
import type {
  DeviceSessionClientFrame,
  DeviceSessionServerFrame,
  SessionOfferFrame,
} from '../../shared/remote/signaling';
import type { LinkLogger } from '../agent/link';
import { normaliseRights, rightsThisDeviceCanGrant, type ConsentPrompt } from './consent';
import type { FileTransferOptions } from './file-transfers';
import { DEFAULT_RECONNECT, HostedSession, type ReconnectPolicy } from './hosted-session';

type PeerFactory = (options: Omit<RemotePeerOptions, 'SimplePeer' | 'wrtc'>) => RemotePeer;

/** The part of the device link a session host uses. */
export interface SessionLink {
  onSessionFrame(listener: (frame: DeviceSessionServerFrame) => void): () => void;
  sendSessionFrame(frame: DeviceSessionClientFrame): boolean;
}

export interface SessionHostOptions {
  link: SessionLink;
  consent: ConsentPrompt;
  capabilities: () => Promise<DeviceCapabilities>;
  deviceName: string;
  /** The Tandem server (the connectivity check diagnostics runs). */
  serverUrl: string;
  log: LinkLogger;
  files: FileTransferOptions;
  /** The runtime's peer factory (Node: `createNodePeer`)… */
  createPeer?: PeerFactory;
  /** …or a loader for it, called when the first session starts (keeps wrtc out of start-up). */
  loadPeerFactory?: () => Promise<PeerFactory>;
  reconnect?: Partial<ReconnectPolicy>;
}

/**
 * The device's remote-session host: takes `session_offer`s from the device link, asks the
 * ConsentPrompt (capped to what this device can do), answers, and runs the granted session (one
 * at a time). It also answers the tray's questions about the running session.
 */
export class SessionHost {
  private session: HostedSession | null = null;
  private starting: string | null = null;
  private readonly asking = new Map<string, AbortController>();
  private readonly earlySignals: Array<Extract<DeviceSessionServerFrame, { type: 'session_signal' }>> = [];
  private version = 0;
  private waiters = new Set<() => void>();
  private readonly off: () => void;
  private stopped = false;

  constructor(private readonly options: SessionHostOptions) {
    if (!options.createPeer && !options.loadPeerFactory) throw new Error('SessionHost needs createPeer or loadPeerFactory.');
    this.off = options.link.onSessionFrame((frame) => this.onFrame(frame));
  }

  /** The running session, if any. */
  current(): RunningSession | null {
    return this.session?.running() ?? null;
  }

  /** The state with its version; with `afterVersion`, waits (up to `waitMs`) for it to change. */
  async state(afterVersion?: number, waitMs = 0): Promise<RunningSessionState> {
    if (afterVersion !== undefined && afterVersion === this.version && waitMs > 0 && !this.stopped) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.waiters.add(done);
      });
    }
    return { version: this.version, session: this.current() };
  }

  /** The person at the device ends the session. */
  async end(sessionId: string, reason = 'The person at the device ended the session.'): Promise<void> {
    const session = this.sessionFor(sessionId);
    await session.end(reason, 'device');
  }

  setViewOnly(sessionId: string, viewOnly: boolean): void {
    this.sessionFor(sessionId).setViewOnly(viewOnly);
  }

  sendChat(sessionId: string, text: string): void {
    this.sessionFor(sessionId).sendChat(text);
  }

  /** Ends any session and stops listening (agent shutting down). */
  async stop(reason = 'The Tandem agent on the device is stopping.'): Promise<void> {
    this.stopped = true;
    this.off();
    for (const ask of this.asking.values()) ask.abort();
    await this.session?.end(reason, 'device');
    this.changed();
  }

  private sessionFor(sessionId: string): HostedSession {
    if (!this.session || this.session.id !== sessionId)
      throw new Error('That remote session is no longer running.');
    return this.session;
  }

  private changed(): void {
    this.version++;
    for (const wake of [...this.waiters]) wake();
  }

  private onFrame(frame: DeviceSessionServerFrame): void {
    if (this.stopped) return;
    switch (frame.type) {
      case 'session_offer':
        return void this.offer(frame).catch((err: Error) => {
          this.options.log.error(
            { sessionId: frame.sessionId, err: err.message },
            'remote session could not start',
          );
          this.answer(frame.sessionId, [], true, `The device could not start the session: ${err.message}`);
        });
      case 'session_signal':
        if (this.session?.id === frame.sessionId) this.session.signal(frame.attempt, frame.signal);
        else if (this.starting === frame.sessionId && this.earlySignals.length < 100)
          this.earlySignals.push(frame);
        return;
      case 'session_end': {
        this.asking.get(frame.sessionId)?.abort();
        if (this.session?.id === frame.sessionId) void this.session.end(frame.reason, 'server');
        return;
      }
    }
  }

  private answer(
    sessionId: string,
    granted: SessionOfferFrame['rights'],
    refused: boolean,
    reason?: string,
  ): void {
    this.options.link.sendSessionFrame({
      type: 'session_answer',
      sessionId,
      granted,
      refused,
      ...(reason ? { reason: reason.slice(0, 500) } : {}),
    });
  }

  private async offer(offer: SessionOfferFrame): Promise<void> {
    const { log } = this.options;
    const who = `${offer.agent.name} <${offer.agent.email}>`;
    if (this.session || this.starting || this.asking.size > 0) {
      log.info({ sessionId: offer.sessionId, agent: who }, 'remote session refused: another one is running');
      return this.answer(
        offer.sessionId,
        [],
        true,
        'Another remote session is running or being asked for on this device. Try again when it has ended.',
      );
    }
    const { rights, left } = rightsThisDeviceCanGrant(offer.rights, await this.options.capabilities());
    if (rights.length === 0) {
      return this.answer(
        offer.sessionId,
        [],
        true,
        `This device can do none of what was asked. ${left.join(' ')}`,
      );
    }
    const abort = new AbortController();
    this.asking.set(offer.sessionId, abort);
    // Counted from arrival on this device's clock: the offer's answerBy is on the server's.
    const answerWithinMs = Math.max(0, offer.answerWithinMs);
    const answerBy = Date.now() + answerWithinMs;
    const timeout = setTimeout(() => abort.abort(), answerWithinMs);
    let decision;
    try {
      decision = await Promise.race([
        this.options.consent.ask({ offer, rights, answerBy, answerWithinMs, signal: abort.signal }),
        new Promise<null>((resolve) => abort.signal.addEventListener('abort', () => resolve(null))),
      ]);
    } finally {
      clearTimeout(timeout);
      this.asking.delete(offer.sessionId);
    }
    if (this.stopped) return;
    // A moot question gets no answer, whatever the prompt resolved with when it was aborted (the
    // tray's resolves a refusal): the server times it out or withdrew it itself, and a refusal sent
    // at the deadline would race the server's own timeout and turn "no answer" into "refused".
    if (!decision || abort.signal.aborted)
      return log.info(
        { sessionId: offer.sessionId, agent: who },
        'remote session request withdrawn or not answered in time',
      );
    if (decision.refused) {
      log.info({ sessionId: offer.sessionId, agent: who, reason: decision.reason }, 'remote session refused');
      return this.answer(offer.sessionId, [], true, decision.reason);
    }
    // The answer may only narrow what was asked (and what this device can do).
    const granted = normaliseRights(decision.granted.filter((r) => rights.includes(r)));
    if (granted.length === 0)
      return this.answer(offer.sessionId, [], true, 'The person at the device granted nothing.');
    this.starting = offer.sessionId;
    this.answer(offer.sessionId, granted, false);
    try {
      this.session = await HostedSession.start({
        offer,
        granted,
        send: (frame) => this.options.link.sendSessionFrame(frame),
        deviceName: this.options.deviceName,
        serverUrl: this.options.serverUrl,
        log,
        files: this.options.files,
        createPeer: this.options.createPeer ?? (await this.options.loadPeerFactory!()),
        reconnect: { ...DEFAULT_RECONNECT, ...this.options.reconnect },
        onChange: () => this.changed(),
        onEnded: (reason) => {
          log.info({ sessionId: offer.sessionId, agent: who, reason }, 'remote session ended');
          if (this.session?.id === offer.sessionId) this.session = null;
          this.changed();
        },
      });
    } catch (err) {
      log.error(
        { sessionId: offer.sessionId, err: (err as Error).message },
        'remote session could not start',
      );
      this.options.link.sendSessionFrame({
        type: 'session_ended',
        sessionId: offer.sessionId,
        reason: `The device could not start the session: ${(err as Error).message}`.slice(0, 500),
      });
      return;
    } finally {
      this.starting = null;
    }
    log.info(
      {
        sessionId: offer.sessionId,
        agent: who,
        ticket: offer.ticket?.number ?? null,
        rights: granted,
        unattended: offer.unattended,
      },
      offer.unattended ? 'remote session started (unattended, by group policy)' : 'remote session started',
    );
    for (const early of this.earlySignals.splice(0)) this.session.signal(early.attempt, early.signal);
    this.changed();
  }
}
