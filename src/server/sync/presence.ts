import type { Kysely } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, canSeeTicket } from '../../shared/permissions';
import type { StreamServerMessage, TicketViewer } from '../../shared/sync/protocol';
import type { Database } from '../store/schema';

/** One live-stream connection as presence sees it. */
export interface PresenceMember {
  actor: Actor;
  send(message: StreamServerMessage): void;
}

/**
 * "Who else is viewing": which staff have which ticket open, kept in memory per server instance
 * and told over the live sync stream. A viewer is announced only to the others on the same ticket,
 * and only to those who may still see it, checked against the ticket as stored at each change; a
 * ticket one may not see cannot be announced (the same answer as one that does not exist).
 *
 * One connection views at most one ticket; several tabs of the same person count once.
 */
export class TicketPresence {
  private readonly viewing = new Map<PresenceMember, string>();

  constructor(private readonly db: Kysely<Database>) {}

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

  /** How many connections view something (for tests and diagnostics). */
  get size(): number {
    return this.viewing.size;
  }

  private async ticketScope(id: string) {
    const row = await this.db
      .selectFrom('tickets')
      .select(['requester_id', 'cc', 'group_id', 'assignee_id'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? { requesterId: row.requester_id, cc: row.cc, groupId: row.group_id, assigneeId: row.assignee_id } : null;
  }

  /** Tells everyone on the ticket who is on it; those who may no longer see it are dropped from it. */
  private async announce(ticketId: string): Promise<void> {
    const members = [...this.viewing].filter(([, t]) => t === ticketId).map(([m]) => m);
    if (members.length === 0) return;
    const ticket = await this.ticketScope(ticketId);
    const allowed = members.filter((m) => ticket !== null && canSeeTicket(m.actor, ticket));
    for (const m of members) if (!allowed.includes(m)) this.viewing.delete(m);
    const ids = [...new Set(allowed.map((m) => m.actor.id))];
    const names = ids.length ? await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
    const viewers: TicketViewer[] = names.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name));
    for (const m of allowed) m.send({ type: 'presence', ticketId, viewers });
  }
}
