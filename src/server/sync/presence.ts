import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Id } from '../../shared/domain/common';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, canSeeTicket } from '../../shared/permissions';
import type { StreamServerMessage, TicketViewer } from '../../shared/sync/protocol';
import { busTopic, type BusTopic, type InstanceBus } from '../bus/instance-bus';
import { INSTANCE_HEARTBEAT_MS } from '../bus/tables';
import type { Database } from '../store/schema';

/** One live-stream connection as presence sees it. */
export interface PresenceMember {
  actor: Actor;
  send(message: StreamServerMessage): void;
}

/** A ticket and the people viewing it through one instance. */
const TicketViewers = z.object({ ticketId: Id, viewerIds: z.array(Id).max(1_000) });

/** Who views a ticket through the sending instance now (an empty list: nobody any more). */
const TicketTopic = busTopic('presence.ticket', TicketViewers);
/** Everything the sending instance has open: replaces all that was known of it. */
const StateTopic = busTopic('presence.state', z.object({ tickets: z.array(TicketViewers).max(50_000) }));
/** An instance started or missed messages: every other instance answers with its state. */
const HelloTopic = busTopic('presence.hello', z.object({}));

/**
 * "Who else is viewing": which staff have which ticket open, told over the live sync stream. A
 * viewer is announced only to the others on the same ticket, and only to those who may still see
 * it, checked against the ticket as stored at each change; a ticket one may not see cannot be
 * announced (the same answer as one that does not exist).
 *
 * One connection views at most one ticket; several tabs of the same person count once.
 *
 * Across server instances on one database: each instance keeps its own connections and tells the
 * others, over the instance bus, who views what through it (user ids only; each instance checks
 * its own viewers' access). A starting instance, or one whose bus missed messages, says hello and
 * the others answer with all they have; an instance that stops says it has nobody; one that
 * stopped heartbeating is forgotten at the next sweep.
 */
export class TicketPresence {
  private readonly viewing = new Map<PresenceMember, string>();
  /** Viewers through other instances: instance id → ticket id → user ids. */
  private readonly elsewhere = new Map<string, Map<string, string[]>>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: InstanceBus | null = null,
    private readonly log: Pick<FastifyBaseLogger, 'warn'> | null = null,
  ) {}

  /** Listens to the other instances and greets them; call once the bus runs. */
  start(): void {
    const bus = this.bus;
    if (!bus) return;
    bus.subscribe(TicketTopic, ({ ticketId, viewerIds }, { from }) => {
      const known = this.instance(from);
      if (viewerIds.length) known.set(ticketId, viewerIds);
      else known.delete(ticketId);
      this.tellLocal(ticketId);
    });
    bus.subscribe(StateTopic, ({ tickets }, { from }) => {
      const before = [...(this.elsewhere.get(from)?.keys() ?? [])];
      this.elsewhere.set(from, new Map(tickets.filter((t) => t.viewerIds.length).map((t) => [t.ticketId, t.viewerIds])));
      for (const ticketId of new Set([...before, ...tickets.map((t) => t.ticketId)])) this.tellLocal(ticketId);
    });
    bus.subscribe(HelloTopic, (_body, { from }) => this.share(StateTopic, { tickets: this.localState() }, from));
    bus.onGap(() => this.share(HelloTopic, {}));
    bus.onStop(async () => {
      if (this.sweeper) clearInterval(this.sweeper);
      await bus.publish(StateTopic, { tickets: [] }).catch(() => undefined);
    });
    this.sweeper = setInterval(() => void this.sweep(), INSTANCE_HEARTBEAT_MS);
    this.sweeper.unref();
    this.share(HelloTopic, {});
  }

  /** `member` now has `ticketId` open (null: none). */
  async view(member: PresenceMember, ticketId: string | null): Promise<void> {
    if (!can(member.actor.role, 'tickets.read_internal')) {
      throw new TandemError('forbidden', 'Presence on tickets is for the help desk team.');
    }
    const before = this.viewing.get(member) ?? null;
    if (ticketId !== null) {
      const ticket = await this.ticketScope(ticketId);
      if (!ticket || !canSeeTicket(member.actor, ticket)) throw new TandemError('not_found', 'There is no such ticket, or you do not have access to it.');
      this.viewing.set(member, ticketId);
    } else {
      this.viewing.delete(member);
    }
    if (before && before !== ticketId) await this.announce(before);
    if (ticketId) await this.announce(ticketId);
  }

  /** The connection closed. */
  async leave(member: PresenceMember): Promise<void> {
    const before = this.viewing.get(member);
    this.viewing.delete(member);
    if (before) await this.announce(before);
  }

  /** How many connections here view something (for tests and diagnostics). */
  get size(): number {
    return this.viewing.size;
  }

  private instance(id: string): Map<string, string[]> {
    let known = this.elsewhere.get(id);
    if (!known) this.elsewhere.set(id, (known = new Map()));
    return known;
  }

  private ticketScope(id: string) {
    return this.db
      .selectFrom('tickets')
      .select(['requester_id', 'cc', 'group_id', 'assignee_id'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
      .then((row) => (row ? { requesterId: row.requester_id, cc: row.cc, groupId: row.group_id, assigneeId: row.assignee_id } : null));
  }

  /** This instance's viewers of one ticket, each person once. */
  private localViewerIds(ticketId: string): string[] {
    return [...new Set([...this.viewing].filter(([, t]) => t === ticketId).map(([m]) => m.actor.id))];
  }

  private localState(): z.infer<typeof TicketViewers>[] {
    return [...new Set(this.viewing.values())].map((ticketId) => ({ ticketId, viewerIds: this.localViewerIds(ticketId) }));
  }

  /** Publishes on the bus without letting a failure reach the stream (presence is best effort). */
  private share<T>(topic: BusTopic<T>, body: T, to?: string): void {
    this.bus?.publish(topic, body, to ? { to } : {}).catch((err: unknown) => this.log?.warn({ err, topic: topic.name }, 'presence: could not tell the other instances'));
  }

  /**
   * Checks who here may still see the ticket (dropping the others), tells the other instances who
   * views it through this one, and tells everyone here on it who is on it anywhere.
   */
  private async announce(ticketId: string): Promise<void> {
    const members = [...this.viewing].filter(([, t]) => t === ticketId).map(([m]) => m);
    if (members.length === 0) {
      this.share(TicketTopic, { ticketId, viewerIds: [] });
      return;
    }
    const ticket = await this.ticketScope(ticketId);
    for (const m of members) if (ticket === null || !canSeeTicket(m.actor, ticket)) this.viewing.delete(m);
    this.share(TicketTopic, { ticketId, viewerIds: this.localViewerIds(ticketId) });
    await this.tell(ticketId);
  }

  /** Tells the viewers here of a ticket who views it (here and elsewhere), without re-checking scope. */
  private tellLocal(ticketId: string): void {
    this.tell(ticketId).catch((err: unknown) => this.log?.warn({ err, ticketId }, 'presence: could not tell the viewers'));
  }

  private async tell(ticketId: string): Promise<void> {
    const members = [...this.viewing].filter(([, t]) => t === ticketId).map(([m]) => m);
    if (members.length === 0) return;
    const ids = new Set(members.map((m) => m.actor.id));
    for (const known of this.elsewhere.values()) for (const id of known.get(ticketId) ?? []) ids.add(id);
    const names = await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    const viewers: TicketViewer[] = names.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name));
    // Someone may have moved on while the names were read.
    for (const m of members) if (this.viewing.get(m) === ticketId) m.send({ type: 'presence', ticketId, viewers });
  }

  /** Forgets the viewers of instances that stopped heartbeating. */
  private async sweep(): Promise<void> {
    if (!this.bus || this.elsewhere.size === 0) return;
    try {
      const live = new Set(await this.bus.liveInstanceIds());
      for (const [id, known] of [...this.elsewhere]) {
        if (live.has(id)) continue;
        this.elsewhere.delete(id);
        for (const ticketId of known.keys()) this.tellLocal(ticketId);
      }
    } catch (err) {
      this.log?.warn({ err }, 'presence: could not sweep instances that stopped');
    }
  }
}
