import type { FastifyRequest } from 'fastify';
import { ReportOverview, ReportOverviewQuery } from '../../shared/api/reports';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import { reportOverview } from './overview';

const tags = ['reports'];

/** Helpdesk reports for supervisors and admins, computed from the store on each request. */
export function reportRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  // Refused before the query is validated: someone without the permission learns nothing more.
  const mayRead = async (request: FastifyRequest) => requirePermission(actorOf(request), 'reports.read');

  app.get(
    '/api/reports/overview',
    {
      onRequest: [auth, mayRead],
      schema: {
        tags,
        summary: 'Volume, backlog, response and resolution times, satisfaction and per-agent figures for a range of local days (supervisor, admin)',
        querystring: ReportOverviewQuery,
        response: { 200: ReportOverview },
      },
    },
    async (request) => reportOverview(ctx.store.db, request.query, ctx.clock()),
  );
}
