import { AuditList, AuditListQuery } from '../shared/api/audit';
import type { AuditEntry } from '../shared/domain/audit';
import type { ServerContext } from './context';
import { actorOf, authenticate, requirePermission } from './http/auth-guard';
import { decodeTimeCursor, encodeCursor } from './http/keyset';
import type { App } from './http/types';
import type { AuditLogTable } from './store/schema';
import type { Selectable } from 'kysely';

const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actor_id,
  address: r.address,
  action: r.action as AuditEntry['action'],
  target: r.target,
  detail: r.detail,
});

export function auditRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/audit', { onRequest: auth, schema: { tags: ['audit'], summary: 'Read the audit log, newest first (admin)', querystring: AuditListQuery, response: { 200: AuditList } } }, async (request) => {
    requirePermission(actorOf(request), 'audit.read');
    const { action, actorId, since, until, limit, cursor } = request.query;
    let query = db.selectFrom('audit_log').selectAll();
    if (action) query = query.where('action', '=', action);
    if (actorId) query = query.where('actor_id', '=', actorId);
    if (since) query = query.where('at', '>=', new Date(since));
    if (until) query = query.where('at', '<', new Date(until));
    if (cursor) {
      const after = decodeTimeCursor(cursor);
      query = query.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(after.at, after.id)));
    }
    const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toEntry), nextCursor: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
  });
}
