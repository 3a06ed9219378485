import { sql, type Kysely, type SqlBool } from 'kysely';
import { parseStatusList, type TicketList, type TicketListQuery } from '../../shared/api/tickets';
import { parseTicketNumber } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { canSeeTicket } from '../../shared/permissions';
import type { Database, TicketRow } from '../store/schema';
import { decodeCursor, encodeCursor } from './cursor';
import { toTicket } from './mapping';
import { ticketScope } from './scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same answer for "does not exist", "deleted" and "not yours", so scope never leaks. */
export const ticketNotFound = () => new TandemError('not_found', 'There is no such ticket, or you do not have access to it.');

/**
 * The live ticket a ref (uuid, `T-1042` or `1042`) names, if the actor can see it; otherwise 404.
 * Pass a transaction and `lock` to hold the row until it commits.
 */
export async function visibleTicketRow(db: Kysely<Database>, actor: Actor, ref: string, lock = false): Promise<TicketRow> {
  let query = db.selectFrom('tickets').selectAll().where('deleted_at', 'is', null);
  if (UUID.test(ref)) query = query.where('id', '=', ref);
  else {
    const n = parseTicketNumber(ref);
    if (n === null) throw ticketNotFound();
    query = query.where('number', '=', n);
  }
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row || !canSeeTicket(actor, { requesterId: row.requester_id, cc: row.cc, groupId: row.group_id, assigneeId: row.assignee_id })) {
    throw ticketNotFound();
  }
  return row;
}

const escapeLike = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of the tickets the actor can see, filtered and sorted in SQL, keyset-paginated. */
export async function listTickets(db: Kysely<Database>, actor: Actor, q: TicketListQuery): Promise<TicketList> {
  let query = db.selectFrom('tickets').selectAll().where('deleted_at', 'is', null).where(ticketScope(actor));
  if (q.status) query = query.where('status', 'in', parseStatusList(q.status));
  if (q.priority) query = query.where('priority', '=', q.priority);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.groupId) query = query.where('group_id', '=', q.groupId);
  if (q.assigneeId === 'none') query = query.where('assignee_id', 'is', null);
  else if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId === 'me' ? actor.id : q.assigneeId);
  if (q.requesterId) query = query.where('requester_id', '=', q.requesterId);
  if (q.tag) query = query.where(sql<SqlBool>`${q.tag} = any(tickets.tags)`);
  if (q.q) {
    const like = escapeLike(q.q);
    const number = parseTicketNumber(q.q);
    query = query.where((eb) =>
      eb.or([eb('subject', 'ilike', like), eb('description', 'ilike', like), ...(number !== null ? [eb('number', '=', number)] : [])]),
    );
  }

  // Newest first by the sort's time column, id breaking ties; `priority` puts P1 first, then newest.
  const timeColumn = q.sort === 'created_desc' ? 'created_at' : 'updated_at';
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q.sort);
    const at = new Date(c.at);
    query = query.where((eb) => {
      const after = eb.or([eb(timeColumn, '<', at), eb.and([eb(timeColumn, '=', at), eb('id', '<', c.id)])]);
      return c.priority === undefined ? after : eb.or([eb('priority', '>', c.priority), eb.and([eb('priority', '=', c.priority), after])]);
    });
  }
  if (q.sort === 'priority') query = query.orderBy('priority', 'asc');
  const rows = await query.orderBy(timeColumn, 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();

  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  const last = items.at(-1);
  const nextCursor =
    more && last
      ? encodeCursor({ sort: q.sort, ...(q.sort === 'priority' ? { priority: last.priority } : {}), at: last[timeColumn].toISOString(), id: last.id })
      : null;
  return { items: items.map(toTicket), nextCursor };
}
