import { randomUUID } from 'node:crypto';
import { RateTicketRequest, TicketRefParams } from '../../shared/api/tickets';
import { ratingRefusal } from '../../shared/domain/rating';
import { TicketEvent } from '../../shared/domain/ticket';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import type { TicketEventRow } from '../store/schema';
import { toTicket, toTicketEvent } from './mapping';
import { visibleTicketRow } from './queries';

const idInUse = () => new TandemError('conflict', 'This rating id is already in use. Rate again with a new id.');

/** POST /api/tickets/:ref/rating. Agents read ratings among the ticket's events. */
export function ticketRatingRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  app.post(
    '/api/tickets/:ref/rating',
    {
      onRequest: auth,
      schema: {
        tags: ['tickets'],
        summary: 'Rate your resolved ticket (1–5, optional comment), once per resolution; a repeated client id answers the stored rating (200)',
        params: TicketRefParams,
        body: RateTicketRequest,
        response: { 200: TicketEvent, 201: TicketEvent },
      },
    },
    async (request, reply) => {
      const result = await rateTicket(ctx, actorOf(request), request.params.ref, request.body);
      reply.code(result.created ? 201 : 200);
      return toTicketEvent(result.event);
    },
  );
}

/**
 * Records the requester's rating as a public `rating` event, shared by REST and sync pushes. The
 * ticket row is locked while the "already rated?" check and the insert run, so two devices of one
 * requester racing cannot both rate one resolution. The ticket itself is not touched: a rating is
 * not a change to the work, and must not move `updatedAt` (queues sort by it).
 */
export async function rateTicket(ctx: ServerContext, actor: Actor, ref: string, body: RateTicketRequest): Promise<{ event: TicketEventRow; created: boolean }> {
  requirePermission(actor, 'tickets.rate');
  return ctx.store.db.transaction().execute(async (trx) => {
    const ticket = await visibleTicketRow(trx, actor, ref, true);
    if (body.id) {
      const existing = await trx.selectFrom('ticket_events').selectAll().where('id', '=', body.id).executeTakeFirst();
      if (existing) {
        if (existing.ticket_id !== ticket.id || existing.author_id !== actor.id || existing.kind !== 'rating') throw idInUse();
        return { event: existing, created: false };
      }
    }
    const ratings = await trx
      .selectFrom('ticket_events')
      .select(['kind', 'author_id', 'created_at'])
      .where('ticket_id', '=', ticket.id)
      .where('kind', '=', 'rating')
      .where('author_id', '=', actor.id)
      .execute();
    const refusal = ratingRefusal(
      actor.id,
      toTicket(ticket),
      ratings.map((r) => ({ kind: 'rating' as const, authorId: r.author_id, createdAt: r.created_at.toISOString() })),
    );
    if (refusal) throw refusal;
    const event = await trx
      .insertInto('ticket_events')
      .values({
        id: body.id ?? randomUUID(),
        ticket_id: ticket.id,
        kind: 'rating',
        // The requester sees their own rating; so do the agents (read-only, on the ticket page).
        public: true,
        author_id: actor.id,
        body: body.comment || null,
        changes: null,
        attachment_ids: [],
        score: body.score,
        created_at: ctx.clock(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!event) throw idInUse();
    return { event, created: true };
  });
}
