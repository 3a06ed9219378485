import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { RemoteRight } from '../../shared/domain/remote-session';
import { TandemError } from '../../shared/errors';
import { AgentSignalServerFrame, PeerSignal, SessionOfferFrame } from '../../shared/remote/signaling';
import { busRequest, busTopic, type InstanceBus } from '../bus/instance-bus';
import { INSTANCE_STALE_MS, instanceDb } from '../bus/tables';
import type { ServerContext } from '../context';
import type { DevicePresence } from '../devices/presence';
import type { AgentAttachment, LiveSessions } from './live-sessions';
import type { RemoteDb, RemoteSessionRow } from './tables';

/**
 * Remote sessions across server instances. A session runs on the instance holding its device's
 * link (consent timer, relay, record, note: LiveSessions); the agent may reach any instance. Over
 * the instance bus, another instance asks that one to open or end a session, and an agent's
 * signaling socket on another instance follows it through a proxy: frames for the agent travel
 * back as `remote.to_agent`, the agent's own as `remote.from_agent`, in order (the bus keeps each
 * sender's order).
 */

const ASK_TIMEOUT_MS = 5_000;
const OfferBody = SessionOfferFrame.pick({ agent: true, ticket: true, unattended: true }).extend({ rights: z.array(RemoteRight) });

const OpenSession = busRequest('remote.open', z.object({ sessionId: z.uuid(), offer: OfferBody }), z.object({ opened: z.boolean() }));
const EndSession = busRequest('remote.end', z.object({ sessionId: z.uuid(), reason: z.string().max(500).optional() }), z.object({ ended: z.boolean() }));
const AttachAgent = busRequest('remote.attach', z.object({ sessionId: z.uuid(), attachId: z.uuid(), actorId: z.uuid() }), z.object({ attached: z.boolean() }));
const AgentFrame = z.union([z.object({ type: z.literal('signal'), attempt: z.number().int().min(0), signal: PeerSignal }), z.object({ type: z.literal('end'), reason: z.string().max(500).optional() })]);
type AgentFrame = z.infer<typeof AgentFrame>;
const FromAgent = busTopic('remote.from_agent', z.object({ attachId: z.uuid(), frame: AgentFrame }));
const Detach = busTopic('remote.detach', z.object({ attachId: z.uuid() }));
const ToAgent = busTopic('remote.to_agent', z.object({ attachId: z.uuid(), frame: AgentSignalServerFrame.optional(), close: z.object({ code: z.number().int(), reason: z.string().max(120) }).optional() }));

/** An agent's socket following a session run on another instance. */
export interface RemoteFollow {
  relay(attempt: number, signal: PeerSignal): void;
  end(reason: string | undefined): void;
  detach(): void;
}

export class SessionsAcrossInstances {
  /** Proxies on this (the session's) instance for sockets elsewhere, by attach id. */
  private readonly proxies = new Map<string, { sessionId: string; attachment: AgentAttachment }>();
  /** Sockets on this instance following sessions elsewhere, by attach id. */
  private readonly followers = new Map<string, AgentAttachment>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly bus: InstanceBus,
    private readonly presence: DevicePresence,
    private readonly live: LiveSessions,
  ) {
    bus.answer(OpenSession, async ({ sessionId, offer }) => {
      const row = (await this.db().selectFrom('remote_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()) as RemoteSessionRow | undefined;
      if (!row || row.status !== 'pending') throw new TandemError('conflict', 'This session can no longer be started.');
      const link = this.presence.get(row.device_id);
      if (!link) throw new TandemError('conflict', 'This device just went offline. Try again when it is connected.');
      await this.live.open(row, offer, link);
      return { opened: true };
    });
    bus.answer(EndSession, async ({ sessionId, reason }) => ({ ended: (await this.live.endByAgent(sessionId, reason)) !== null }));
    bus.answer(AttachAgent, async ({ sessionId, attachId, actorId }, meta) => {
      const to = meta.from;
      const attachment: AgentAttachment = {
        actorId,
        send: (frame) => void this.bus.publish(ToAgent, { attachId, frame }, { to }).catch(() => {}),
        close: (code, reason) => {
          this.proxies.delete(attachId);
          void this.bus.publish(ToAgent, { attachId, close: { code, reason } }, { to }).catch(() => {});
        },
      };
      this.proxies.set(attachId, { sessionId, attachment });
      const attached = this.live.attachAgent(sessionId, attachment);
      if (!attached) this.proxies.delete(attachId);
      return { attached };
    });
    bus.subscribe(FromAgent, ({ attachId, frame }) => {
      const proxy = this.proxies.get(attachId);
      if (!proxy) return;
      if (frame.type === 'end') return void this.live.endByAgent(proxy.sessionId, frame.reason).catch(() => {});
      const refusal = this.live.relayFromAgent(proxy.sessionId, proxy.attachment, frame.attempt, frame.signal);
      if (refusal) proxy.attachment.send({ type: 'error', code: 'not_relayed', message: refusal });
    });
    bus.subscribe(Detach, ({ attachId }) => {
      const proxy = this.proxies.get(attachId);
      this.proxies.delete(attachId);
      if (proxy) this.live.detachAgent(proxy.sessionId, proxy.attachment);
    });
    bus.subscribe(ToAgent, ({ attachId, frame, close }) => {
      const socket = this.followers.get(attachId);
      if (!socket) return;
      if (frame) socket.send(frame);
      if (close) {
        this.followers.delete(attachId);
        socket.close(close.code, close.reason);
      }
    });
  }

  /** The live instance holding a device's link other than this one, if any. */
  async holderOf(deviceId: string): Promise<string | null> {
    const row = await instanceDb(this.ctx.store.db)
      .selectFrom('device_links as l')
      .innerJoin('server_instances as i', 'i.id', 'l.instance_id')
      .select('l.instance_id')
      .where('l.device_id', '=', deviceId)
      .where('i.seen_at', '>', sql<Date>`now() - make_interval(secs => ${INSTANCE_STALE_MS / 1000})`)
      .executeTakeFirst();
    return row && row.instance_id !== this.bus.instanceId ? row.instance_id : null;
  }

  /** Asks the instance holding the device's link to offer a recorded session; false when none does. */
  async open(row: RemoteSessionRow, offer: z.infer<typeof OfferBody>): Promise<boolean> {
    const holder = await this.holderOf(row.device_id);
    if (!holder) return false;
    await this.bus.ask(holder, OpenSession, { sessionId: row.id, offer }, ASK_TIMEOUT_MS);
    return true;
  }

  /** Asks the instance holding the device's link to end a session it runs; false when none does. */
  async end(row: RemoteSessionRow, reason: string | undefined): Promise<boolean> {
    const holder = await this.holderOf(row.device_id);
    if (!holder) return false;
    return (await this.bus.ask(holder, EndSession, { sessionId: row.id, ...(reason ? { reason } : {}) }, ASK_TIMEOUT_MS)).ended;
  }

  /** Follows a session run elsewhere from a socket here; null when no instance runs it. */
  async follow(row: RemoteSessionRow, socket: AgentAttachment): Promise<RemoteFollow | null> {
    const holder = await this.holderOf(row.device_id);
    if (!holder) return null;
    const attachId = randomUUID();
    this.followers.set(attachId, socket);
    const { attached } = await this.bus.ask(holder, AttachAgent, { sessionId: row.id, attachId, actorId: socket.actorId }, ASK_TIMEOUT_MS).catch(() => ({ attached: false }));
    if (!attached) {
      this.followers.delete(attachId);
      return null;
    }
    const publish = (frame: AgentFrame) => void this.bus.publish(FromAgent, { attachId, frame }, { to: holder }).catch(() => {});
    return {
      relay: (attempt, signal) => publish({ type: 'signal', attempt, signal }),
      end: (reason) => publish({ type: 'end', ...(reason ? { reason } : {}) }),
      detach: () => {
        this.followers.delete(attachId);
        void this.bus.publish(Detach, { attachId }, { to: holder }).catch(() => {});
      },
    };
  }

  private db(): RemoteDb {
    return this.live.database;
  }
}
