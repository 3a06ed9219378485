import { MergeTicketRequest, MergeTicketResponse, SplitTicketRequest, SplitTicketResponse, TicketRefParams } from '../../shared/api/tickets';
import type { ServerContext } from '../context';
import { actorOf, authenticate } from '../http/auth-guard';
import type { App } from '../http/types';
import { toTicket } from './mapping';
import { mergeTicket, splitTicket } from './merge-split';

const tags = ['tickets'];

/** POST /api/tickets/:ref/merge and /split (agents and up). */
export function mergeSplitRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);

  app.post('/api/tickets/:ref/merge', { onRequest: auth, schema: { tags, summary: 'Merge this ticket into another: its events move there, it is closed, both name each other', params: TicketRefParams, body: MergeTicketRequest, response: { 200: MergeTicketResponse } } }, async (request) => {
    const r = await mergeTicket(ctx, actorOf(request), request.params.ref, request.body);
    return { source: toTicket(r.source), target: toTicket(r.target), movedEvents: r.movedEvents };
  });

  app.post('/api/tickets/:ref/split', { onRequest: auth, schema: { tags, summary: 'Move chosen replies and notes to a new ticket for the same requester', params: TicketRefParams, body: SplitTicketRequest, response: { 201: SplitTicketResponse } } }, async (request, reply) => {
    const r = await splitTicket(ctx, actorOf(request), request.params.ref, request.body);
    reply.code(201);
    return { source: toTicket(r.source), created: toTicket(r.created), movedEvents: r.movedEvents };
  });
}
