import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { OkResponse } from '../../shared/api/auth';
import { CreateUserRequest, CreateUserResponse, IdParams, UpdateUserRequest, UserList, UserListQuery } from '../../shared/api/users';
import { User } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import { hashPassword } from '../auth/passwords';
import { revokeAllSessions } from '../auth/sessions';
import { LoginThrottle } from '../auth/throttle';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import type { Database } from '../store/schema';
import { createInvitation, invitationUrl } from './invitations';
import { groupIdsOf, loadUser, toUser } from './users';

const tags = ['users'];

async function assertGroupsExist(db: Kysely<Database>, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const found = await db.selectFrom('groups').select('id').where('id', 'in', groupIds).execute();
  if (found.length !== new Set(groupIds).size) throw new TandemError('validation_failed', 'groupIds: one of the groups does not exist.');
}

async function setGroups(db: Kysely<Database>, userId: string, groupIds: string[]): Promise<void> {
  await db.deleteFrom('group_members').where('user_id', '=', userId).execute();
  const unique = [...new Set(groupIds)];
  if (unique.length) await db.insertInto('group_members').values(unique.map((group_id) => ({ group_id, user_id: userId }))).execute();
}

export function userRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/users', { onRequest: auth, schema: { tags, summary: 'List users (agents and up)', querystring: UserListQuery, response: { 200: UserList } } }, async (request) => {
    requirePermission(actorOf(request), 'users.read');
    const { role, q, active, limit, offset } = request.query;
    let query = db.selectFrom('users');
    if (role) query = query.where('role', '=', role);
    if (active) query = query.where('active', '=', active === 'true');
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('email', 'ilike', like)]));
    }
    const [{ total }] = [await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow()];
    const rows = await query.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute();
    const groups = await groupIdsOf(db, rows.map((r) => r.id));
    return { items: rows.map((r) => toUser(r, groups.get(r.id) ?? [])), total: Number(total) };
  });

  app.get('/api/users/:id', { onRequest: auth, schema: { tags, summary: 'One user (yourself, or anyone for agents and up)', params: IdParams, response: { 200: User } } }, async (request) => {
    const actor = actorOf(request);
    if (actor.id !== request.params.id) requirePermission(actor, 'users.read');
    const user = await loadUser(db, request.params.id);
    if (!user) throw new TandemError('not_found', 'No such user.');
    return user;
  });

  app.post('/api/users', { onRequest: auth, schema: { tags, summary: 'Create a user (admin); answers an invitation link when no password is given', body: CreateUserRequest, response: { 201: CreateUserResponse } } }, async (request, reply) => {
    const actor = actorOf(request);
    requirePermission(actor, 'users.manage');
    const body = request.body;
    await assertGroupsExist(db, body.groupIds);
    const existing = await db.selectFrom('users').select('id').where('email', '=', body.email).executeTakeFirst();
    if (existing) throw new TandemError('conflict', 'A user with this email already exists.');
    const now = ctx.clock();
    const id = randomUUID();
    const passwordHash = body.password ? await hashPassword(body.password) : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id, email: body.email, name: body.name, role: body.role, password_hash: passwordHash, created_at: now, updated_at: now })
        .execute();
      await setGroups(trx, id, body.groupIds);
    });
    await audit(db, now, { action: 'user.created', actorId: actor.id, address: request.ip, target: id, detail: { role: body.role } });
    const invitation = body.password ? null : invitationUrl(ctx, await createInvitation(ctx, id));
    reply.code(201);
    return { user: (await loadUser(db, id))!, invitationUrl: invitation };
  });

  app.patch('/api/users/:id', { onRequest: auth, schema: { tags, summary: 'Change a user (admin): name, role, groups, active', params: IdParams, body: UpdateUserRequest, response: { 200: User } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'users.manage');
    const { id } = request.params;
    const body = request.body;
    const current = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new TandemError('not_found', 'No such user.');
    const losesAdmin = current.role === 'admin' && current.active && ((body.role && body.role !== 'admin') || body.active === false);
    if (losesAdmin) {
      const admins = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('role', '=', 'admin').where('active', '=', true).executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) throw new TandemError('conflict', 'This is the last active admin. Make someone else an admin first.');
    }
    if (body.groupIds) await assertGroupsExist(db, body.groupIds);
    const now = ctx.clock();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      if (body.groupIds) await setGroups(trx, id, body.groupIds);
    });
    if (body.active === false) await revokeAllSessions(ctx, id);
    await audit(db, now, {
      action: body.active === false ? 'user.deactivated' : 'user.updated',
      actorId: actor.id,
      address: request.ip,
      target: id,
      detail: { fields: Object.keys(body) },
    });
    return (await loadUser(db, id))!;
  });

  app.post('/api/users/:id/unlock', { onRequest: auth, schema: { tags, summary: 'Lift a sign-in lockout (admin)', params: IdParams, response: { 200: OkResponse } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'users.manage');
    const user = await db.selectFrom('users').select('email').where('id', '=', request.params.id).executeTakeFirst();
    if (!user) throw new TandemError('not_found', 'No such user.');
    await new LoginThrottle(db).unlock(user.email);
    await audit(db, ctx.clock(), { action: 'user.unlocked', actorId: actor.id, address: request.ip, target: request.params.id });
    return { ok: true as const };
  });

  app.post('/api/users/:id/invitation', { onRequest: auth, schema: { tags, summary: 'A new invitation (password set-up) link (admin)', params: IdParams, response: { 200: z.object({ invitationUrl: z.string() }) } } }, async (request) => {
    requirePermission(actorOf(request), 'users.manage');
    const user = await db.selectFrom('users').select('id').where('id', '=', request.params.id).executeTakeFirst();
    if (!user) throw new TandemError('not_found', 'No such user.');
    return { invitationUrl: invitationUrl(ctx, await createInvitation(ctx, user.id)) };
  });

  app.post('/api/users/:id/sign-out', { onRequest: auth, schema: { tags, summary: "Sign a user out everywhere (admin)", params: IdParams, response: { 200: z.object({ revoked: z.number() }) } } }, async (request) => {
    const actor = actorOf(request);
    requirePermission(actor, 'users.manage');
    const revoked = await revokeAllSessions(ctx, request.params.id);
    await audit(db, ctx.clock(), { action: 'auth.logout_all', actorId: actor.id, address: request.ip, target: request.params.id, detail: { revoked } });
    return { revoked };
  });
}
