import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CreateTicketEventRequest, TicketEventList, TicketRefParams } from '../../shared/api/tickets';
import { TicketEvent, type TicketStatus } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can } from '../../shared/permissions';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import type { Database, TicketEventRow, TicketRow } from '../store/schema';
import { eventForActor, toTicketEvent } from './mapping';
import { visibleTicketRow } from './queries';
import { statusTimestamps, statusAfterReply } from './status-rules';

const tags = ['tickets'];

/** Each attachment must be the actor's own upload, not yet on another ticket; it is linked here. */
async function linkAttachments(trx: Kysely<Database>, actor: Actor, ticketId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await trx.selectFrom('attachments').select(['id', 'uploader_id', 'ticket_id']).where('id', 'in', unique).execute();
  const usable = rows.filter((r) => r.uploader_id === actor.id && (r.ticket_id === null || r.ticket_id === ticketId));
  if (usable.length !== unique.length) {
    throw new TandemError('validation_failed', 'attachmentIds: attach only files you uploaded yourself that are not on another ticket. Upload the file again.');
  }
  await trx.updateTable('attachments').set({ ticket_id: ticketId }).where('id', 'in', unique).execute();
  return unique;
}

/** Replies and internal notes; field changes are written by PATCH /api/tickets/:ref. */
export function ticketEventRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/tickets/:ref/events', { onRequest: auth, schema: { tags, summary: "A ticket's events, oldest first (internal ones for agents and up only)", params: TicketRefParams, response: { 200: TicketEventList } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.read');
    const ticket = await visibleTicketRow(db, actor, request.params.ref);
    let query = db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id);
    if (!can(actor.role, 'tickets.read_internal')) query = query.where('public', '=', true);
    // A status change a reply caused shares its time; it is listed after the reply.
    const rows = await query.orderBy('created_at').orderBy(sql`case when kind = 'field_change' then 1 else 0 end`).orderBy('id').execute();
    return { items: rows.map((r) => eventForActor(actor, toTicketEvent(r))).filter((e) => e !== null) };
  });

  app.post('/api/tickets/:ref/events', { onRequest: auth, schema: { tags, summary: 'Reply, or add an internal note; a repeated client id answers the stored event (200)', params: TicketRefParams, body: CreateTicketEventRequest, response: { 200: TicketEvent, 201: TicketEvent } } }, async (request, reply) => {
    const result = await postTicketEvent(ctx, actorOf(request), request.params.ref, request.body);
    reply.code(result.created ? 201 : 200);
    return toTicketEvent(result.event);
  });
}

/**
 * Adds a reply or an internal note. A client-made id makes retries safe: the same id again answers
 * the stored event (`created: false`). A reply may move the ticket's status (see statusAfterReply).
 */
export async function postTicketEvent(
  ctx: ServerContext,
  actor: Actor,
  ref: string,
  body: CreateTicketEventRequest,
): Promise<{ event: TicketEventRow; created: boolean }> {
  const db = ctx.store.db;
    if (body.kind === 'note' && !can(actor.role, 'tickets.note')) {
      throw new TandemError('forbidden', 'Internal notes are for the help desk team. Send a reply instead.');
    }
    requirePermission(actor, 'tickets.reply');
    const staff = can(actor.role, 'tickets.edit');
    const result = await db.transaction().execute(async (trx) => {
      const ticket: TicketRow = await visibleTicketRow(trx, actor, ref, true);
      if (body.id) {
        const existing = await trx.selectFrom('ticket_events').selectAll().where('id', '=', body.id).executeTakeFirst();
        if (existing) {
          if (existing.ticket_id !== ticket.id || existing.author_id !== actor.id) {
            throw new TandemError('conflict', 'This event id is already in use. Send the message with a new id.');
          }
          return { event: existing, created: false };
        }
      }
      if (ticket.status === 'closed' && !staff) {
        throw new TandemError('conflict', 'This ticket is closed. Open a new ticket instead.');
      }
      const now = ctx.clock();
      const attachmentIds = await linkAttachments(trx, actor, ticket.id, body.attachmentIds);
      const event = await trx
        .insertInto('ticket_events')
        .values({
          id: body.id ?? randomUUID(),
          ticket_id: ticket.id,
          kind: body.kind,
          public: body.kind === 'reply',
          author_id: actor.id,
          body: body.body,
          changes: null,
          attachment_ids: attachmentIds,
          created_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!event) throw new TandemError('conflict', 'This event id is already in use. Send the message with a new id.');

      const nextStatus = statusAfterReply({ status: ticket.status as TicketStatus, requesterId: ticket.requester_id }, { id: actor.id, isStaff: staff }, body.kind);
      if (nextStatus) {
        const stamps = statusTimestamps(nextStatus, now, { resolvedAt: ticket.resolved_at });
        await trx
          .updateTable('tickets')
          .set({ status: nextStatus, resolved_at: stamps.resolvedAt, closed_at: stamps.closedAt, updated_at: now })
          .where('id', '=', ticket.id)
          .execute();
        await trx
          .insertInto('ticket_events')
          .values({
            id: randomUUID(),
            ticket_id: ticket.id,
            kind: 'field_change',
            public: true,
            author_id: actor.id,
            body: null,
            changes: JSON.stringify([{ field: 'status', from: ticket.status, to: nextStatus }]),
            attachment_ids: [],
            created_at: now,
          })
          .execute();
      } else {
        await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticket.id).execute();
      }
      return { event, created: true };
    });
    return result;
}
