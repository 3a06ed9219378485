import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, canSeeTicket } from '../../shared/permissions';
import type { RemoteDb, RemoteSessionRow } from './tables';

export const sessionNotFound = () => new TandemError('not_found', 'No such remote session, or it is not yours to see.');

/**
 * Which sessions an actor reads: supervisors and admins all; an agent those they started, those
 * with no ticket (every agent sees every device) and those whose ticket they can see. The SQL form
 * (`visibleSessions`) and this one must agree.
 */
export async function canSeeSession(db: RemoteDb, actor: Actor, row: Pick<RemoteSessionRow, 'agent_id' | 'ticket_id'>): Promise<boolean> {
  if (!can(actor.role, 'remote.read')) return false;
  if (actor.role !== 'agent' || row.agent_id === actor.id || !row.ticket_id) return true;
  const ticket = await db.selectFrom('tickets').select(['requester_id', 'cc', 'group_id', 'assignee_id']).where('id', '=', row.ticket_id).executeTakeFirst();
  return Boolean(ticket && canSeeTicket(actor, { requesterId: ticket.requester_id, cc: ticket.cc, groupId: ticket.group_id, assigneeId: ticket.assignee_id }));
}

/** The sessions an actor may read, as a query (joined to their ticket, if any). */
export function visibleSessions(db: RemoteDb, actor: Actor) {
  const query = db.selectFrom('remote_sessions').leftJoin('tickets', 'tickets.id', 'remote_sessions.ticket_id').selectAll('remote_sessions');
  if (actor.role !== 'agent') return query;
  return query.where((eb) => {
    const anyOf = [
      eb('remote_sessions.agent_id', '=', actor.id),
      eb('remote_sessions.ticket_id', 'is', null),
      eb('tickets.group_id', 'is', null),
      eb('tickets.assignee_id', '=', actor.id),
      eb('tickets.requester_id', '=', actor.id),
    ];
    if (actor.groupIds.length) anyOf.push(eb('tickets.group_id', 'in', [...actor.groupIds]));
    return eb.or(anyOf);
  });
}

/** A session the actor may read, or 404. */
export async function visibleSession(db: RemoteDb, actor: Actor, id: string): Promise<RemoteSessionRow> {
  const row = (await db.selectFrom('remote_sessions').selectAll().where('id', '=', id).executeTakeFirst()) as RemoteSessionRow | undefined;
  if (!row || !(await canSeeSession(db, actor, row))) throw sessionNotFound();
  return row;
}

/** Whether the actor may end (or follow the signaling of) a session: the agent who started it, or an admin. */
export function canRunSession(actor: Actor, row: Pick<RemoteSessionRow, 'agent_id'>): boolean {
  return (row.agent_id === actor.id && can(actor.role, 'remote.start')) || can(actor.role, 'remote.manage_any');
}

