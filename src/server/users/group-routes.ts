import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OkResponse } from '../../shared/api/auth';
import { GroupInput, IdParams, UpdateGroupRequest } from '../../shared/api/users';
import { Group } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import type { GroupRow } from '../store/schema';

const tags = ['groups'];

export const toGroup = (r: GroupRow): Group => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export function groupRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/groups', { onRequest: auth, schema: { tags, summary: 'List groups (teams)', response: { 200: z.object({ items: z.array(Group) }) } } }, async (request) => {
    requirePermission(actorOf(request), 'groups.read');
    const rows = await db.selectFrom('groups').selectAll().orderBy('name').execute();
    return { items: rows.map(toGroup) };
  });

  app.post('/api/groups', { onRequest: auth, schema: { tags, summary: 'Create a group (admin)', body: GroupInput, response: { 201: Group } } }, async (request, reply) => {
    const actor = actorOf(request);
    requirePermission(actor, 'groups.manage');
    const clash = await db.selectFrom('groups').select('id').where('name', '=', request.body.name).executeTakeFirst();
    if (clash) throw new TandemError('conflict', 'A group with this name already exists.');
    const now = ctx.clock();
    const row = await db
      .insertInto('groups')
      .values({ id: randomUUID(), name: request.body.name, description: request.body.description, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(db, now, { action: 'group.created', actorId: actor.id, address: request.ip, target: row.id });
    reply.code(201);
    return toGroup(row);
  });

  app.patch('/api/groups/:id', { onRequest: auth, schema: { tags, summary: 'Rename or describe a group (admin)', params: IdParams, body: UpdateGroupRequest, response: { 200: Group } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'groups.manage');
    if (request.body.name) {
      const clash = await db.selectFrom('groups').select('id').where('name', '=', request.body.name).where('id', '!=', request.params.id).executeTakeFirst();
      if (clash) throw new TandemError('conflict', 'A group with this name already exists.');
    }
    const now = ctx.clock();
    const row = await db.updateTable('groups').set({ ...request.body, updated_at: now }).where('id', '=', request.params.id).returningAll().executeTakeFirst();
    if (!row) throw new TandemError('not_found', 'No such group.');
    await audit(db, now, { action: 'group.updated', actorId: actor.id, address: request.ip, target: row.id });
    return toGroup(row);
  });

  app.delete('/api/groups/:id', { onRequest: auth, schema: { tags, summary: "Delete a group (admin); its tickets and devices become unrouted", params: IdParams, response: { 200: OkResponse } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'groups.manage');
    const now = ctx.clock();
    const deleted = await db.transaction().execute(async (trx) => {
      await trx.updateTable('tickets').set({ group_id: null, updated_at: now }).where('group_id', '=', request.params.id).execute();
      await trx.updateTable('devices').set({ group_id: null, updated_at: now }).where('group_id', '=', request.params.id).execute();
      return trx.deleteFrom('groups').where('id', '=', request.params.id).executeTakeFirst();
    });
    if (Number(deleted.numDeletedRows) === 0) throw new TandemError('not_found', 'No such group.');
    await audit(db, now, { action: 'group.deleted', actorId: actor.id, address: request.ip, target: request.params.id });
    return { ok: true as const };
  });
}
