import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AcceptInviteRequest,
  ChangePasswordRequest,
  LoginRequest,
  OkResponse,
  RefreshRequest,
  SetupRequest,
  SetupStatus,
  TokenPair,
  TotpDisableRequest,
  TotpEnrollResponse,
  TotpVerifyRequest,
  TotpVerifyResponse,
} from '../../shared/api/auth';
import { User } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { actorOf, authenticate } from '../http/auth-guard';
import type { App } from '../http/types';
import { loadUser } from '../users/users';
import { acceptInvitation } from '../users/invitations';
import { login } from './login';
import { hashPassword, verifyPassword } from './passwords';
import { openSession, refreshSession, revokeAllSessions, revokeSession, type ClientInfo } from './sessions';
import { completeSetup, needsSetup } from './setup';
import { matchTotp, newRecoveryCodes, newTotpSecret } from './totp';
import { randomUUID } from 'node:crypto';

const clientOf = (request: FastifyRequest): ClientInfo => ({
  address: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

const tags = ['auth'];

export function authRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.get('/api/setup', { schema: { tags, summary: 'Whether the first admin still has to be created', response: { 200: SetupStatus } } }, async () => ({
    needsSetup: await needsSetup(ctx),
  }));

  app.post(
    '/api/setup',
    { schema: { tags, summary: 'Create the first admin with the one-time setup token', body: SetupRequest, response: { 200: TokenPair } } },
    async (request) => {
      const id = await completeSetup(ctx, request.body);
      return openSession(ctx, id, clientOf(request));
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { tags, summary: 'Sign in with email, password and, when on, a second factor', body: LoginRequest, response: { 200: TokenPair } } },
    async (request) => login(ctx, request.body, clientOf(request)),
  );

  app.post(
    '/api/auth/refresh',
    { schema: { tags, summary: 'Trade a refresh token (single use) for a new token pair', body: RefreshRequest, response: { 200: TokenPair } } },
    async (request) => refreshSession(ctx, request.body.refreshToken, clientOf(request)),
  );

  app.post(
    '/api/auth/accept-invite',
    { schema: { tags, summary: 'Set the password of an invited account and sign in', body: AcceptInviteRequest, response: { 200: TokenPair } } },
    async (request) => {
      const userId = await acceptInvitation(ctx, request.body.token, request.body.password);
      return openSession(ctx, userId, clientOf(request));
    },
  );

  app.get('/api/auth/me', { onRequest: auth, schema: { tags, summary: 'The signed-in user', response: { 200: User } } }, async (request) => {
    const user = await loadUser(db, actorOf(request).id);
    if (!user) throw new TandemError('unauthenticated', 'This account no longer exists.');
    return user;
  });

  app.post('/api/auth/logout', { onRequest: auth, schema: { tags, summary: 'Sign out this session', response: { 200: OkResponse } } }, async (request) => {
    await revokeSession(ctx, request.sessionId!);
    await audit(db, ctx.clock(), { action: 'auth.logout', actorId: actorOf(request).id, address: request.ip });
    return { ok: true as const };
  });

  app.post(
    '/api/auth/logout-all',
    { onRequest: auth, schema: { tags, summary: 'Sign out every session of this account', response: { 200: z.object({ revoked: z.number() }) } } },
    async (request) => {
      const actor = actorOf(request);
      const revoked = await revokeAllSessions(ctx, actor.id);
      await audit(db, ctx.clock(), { action: 'auth.logout_all', actorId: actor.id, address: request.ip, detail: { revoked } });
      return { revoked };
    },
  );

  app.post(
    '/api/auth/password',
    { onRequest: auth, schema: { tags, summary: 'Change the password; other sessions are signed out', body: ChangePasswordRequest, response: { 200: OkResponse } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
      if (!row.password_hash || !(await verifyPassword(row.password_hash, request.body.currentPassword))) {
        throw new TandemError('invalid_credentials', 'The current password is wrong.');
      }
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword(request.body.newPassword), updated_at: ctx.clock() })
        .where('id', '=', actor.id)
        .execute();
      await revokeAllSessions(ctx, actor.id, request.sessionId!);
      await audit(db, ctx.clock(), { action: 'auth.password_changed', actorId: actor.id, address: request.ip });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/totp/enroll',
    { onRequest: auth, schema: { tags, summary: 'Start two-factor enrolment: a secret for an authenticator app', response: { 200: TotpEnrollResponse } } },
    async (request) => {
      const actor = actorOf(request);
      const user = await db.selectFrom('users').select(['email', 'totp_enabled']).where('id', '=', actor.id).executeTakeFirstOrThrow();
      if (user.totp_enabled) throw new TandemError('conflict', 'Two-factor sign-in is already on. Turn it off first to enrol again.');
      const { secret, otpauthUrl } = newTotpSecret(user.email);
      await db.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', actor.id).execute();
      return { secret, otpauthUrl };
    },
  );

  app.post(
    '/api/auth/totp/verify',
    { onRequest: auth, schema: { tags, summary: 'Confirm enrolment with a code; answers recovery codes once', body: TotpVerifyRequest, response: { 200: TotpVerifyResponse } } },
    async (request) => {
      const actor = actorOf(request);
      const now = ctx.clock();
      const user = await db.selectFrom('users').select(['totp_pending_secret']).where('id', '=', actor.id).executeTakeFirstOrThrow();
      if (!user.totp_pending_secret) throw new TandemError('conflict', 'Start two-factor enrolment first.');
      const step = matchTotp(user.totp_pending_secret, request.body.code, now);
      if (step === null) throw new TandemError('validation_failed', 'That code does not match. Check the time on your phone and try the next code.');
      const { codes, hashes } = newRecoveryCodes();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, totp_enabled: true, totp_last_step: step, updated_at: now })
          .where('id', '=', actor.id)
          .execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', actor.id).execute();
        await trx
          .insertInto('recovery_codes')
          .values(hashes.map((code_hash) => ({ id: randomUUID(), user_id: actor.id, code_hash })))
          .execute();
      });
      await audit(db, now, { action: 'auth.totp_enabled', actorId: actor.id, address: request.ip });
      return { recoveryCodes: codes };
    },
  );

  app.post(
    '/api/auth/totp/disable',
    { onRequest: auth, schema: { tags, summary: 'Turn two-factor sign-in off (needs the password)', body: TotpDisableRequest, response: { 200: OkResponse } } },
    async (request) => {
      const actor = actorOf(request);
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
      if (!row.password_hash || !(await verifyPassword(row.password_hash, request.body.password))) {
        throw new TandemError('invalid_credentials', 'The password is wrong.');
      }
      await db
        .updateTable('users')
        .set({ totp_secret: null, totp_pending_secret: null, totp_enabled: false, totp_last_step: null, updated_at: ctx.clock() })
        .where('id', '=', actor.id)
        .execute();
      await db.deleteFrom('recovery_codes').where('user_id', '=', actor.id).execute();
      await audit(db, ctx.clock(), { action: 'auth.totp_disabled', actorId: actor.id, address: request.ip });
      return { ok: true as const };
    },
  );
}
