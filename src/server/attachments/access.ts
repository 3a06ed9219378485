import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import { can, canSeeTicket } from '../../shared/permissions';
import type { AttachmentRow, Database } from '../store/schema';

/**
 * Who may read an attachment. Unlinked (just uploaded): only its uploader. Linked to a ticket:
 * whoever can see that ticket, and, for roles that may not read internal notes, only when a public
 * event of the ticket names it, so a file added with an internal note never reaches the requester.
 */
export async function canReadAttachment(db: Kysely<Database>, actor: Actor, row: AttachmentRow): Promise<boolean> {
  if (row.ticket_id === null) return row.uploader_id === actor.id;
  const ticket = await db
    .selectFrom('tickets')
    .select(['requester_id', 'cc', 'group_id', 'assignee_id', 'deleted_at'])
    .where('id', '=', row.ticket_id)
    .executeTakeFirst();
  if (!ticket) return false;
  // A deleted ticket's files stay readable only to those who may delete tickets.
  if (ticket.deleted_at !== null && !can(actor.role, 'tickets.delete')) return false;
  const scope = { requesterId: ticket.requester_id, cc: ticket.cc, groupId: ticket.group_id, assigneeId: ticket.assignee_id };
  if (!canSeeTicket(actor, scope)) return false;
  if (can(actor.role, 'tickets.read_internal')) return true;
  const publicEvent = await db
    .selectFrom('ticket_events')
    .select('id')
    .where('ticket_id', '=', row.ticket_id)
    .where('public', '=', true)
    .where(sql<boolean>`${row.id} = any(attachment_ids)`)
    .executeTakeFirst();
  return publicEvent !== undefined;
}
