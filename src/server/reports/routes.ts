import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
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
    async (request) => {
      const { store } = ctx;
      // PGlite is one connection for everyone: a transaction would hold it for the whole report.
      if (store.kind === 'pglite') return reportOverview(store.db, request.query, ctx.clock());
      // On PostgreSQL every figure comes from one snapshot, and without JIT: compiling these short
      // analytical queries took longer (about 2 s at 100,000 tickets) than running them.
      return store.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx) => {
          await sql`set local jit = off`.execute(trx);
          return reportOverview(trx, request.query, ctx.clock());
        });
    },
  );
}
