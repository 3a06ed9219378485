import { OkResponse } from '../../shared/api/auth';
import { CreateTicketRequest, TicketList, TicketListQuery, TicketRefParams, UpdateTicketRequest } from '../../shared/api/tickets';
import { Ticket } from '../../shared/domain/ticket';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import { ticketEventRoutes } from './event-routes';
import { ticketRatingRoutes } from './rating';
import { toTicket } from './mapping';
import { mergeSplitRoutes } from './merge-split-routes';
import { listTickets, visibleTicketRow } from './queries';
import { createTicket, deleteTicket, updateTicket } from './service';

const tags = ['tickets'];

/** Tickets: list, raise, read, edit, delete; their events are in event-routes.ts. */
export function ticketRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/tickets', { onRequest: auth, schema: { tags, summary: 'Tickets you can see, newest first, keyset-paginated', querystring: TicketListQuery, response: { 200: TicketList } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.read');
    return listTickets(db, actor, request.query);
  });

  app.post('/api/tickets', { onRequest: auth, schema: { tags, summary: 'Raise a ticket (agents and up may raise it for someone else)', body: CreateTicketRequest, response: { 201: Ticket } } }, async (request, reply) => {
    const row = await createTicket(ctx, actorOf(request), request.body);
    reply.code(201);
    return toTicket(row);
  });

  app.get('/api/tickets/:ref', { onRequest: auth, schema: { tags, summary: 'One ticket by id or number (T-1042)', params: TicketRefParams, response: { 200: Ticket } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'tickets.read');
    return toTicket(await visibleTicketRow(db, actor, request.params.ref));
  });

  app.patch('/api/tickets/:ref', { onRequest: auth, schema: { tags, summary: 'Change fields; recorded as one field_change event', params: TicketRefParams, body: UpdateTicketRequest, response: { 200: Ticket } } }, async (request) =>
    toTicket(await updateTicket(ctx, actorOf(request), request.params.ref, request.body)),
  );

  app.delete('/api/tickets/:ref', { onRequest: auth, schema: { tags, summary: 'Delete a ticket (supervisor, admin); it leaves a tombstone for sync', params: TicketRefParams, response: { 200: OkResponse } } }, async (request) => {
    await deleteTicket(ctx, actorOf(request), request.params.ref);
    return { ok: true as const };
  });

  ticketEventRoutes(app, ctx);
  ticketRatingRoutes(app, ctx);
  mergeSplitRoutes(app, ctx);
}
