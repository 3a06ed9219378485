import { z } from 'zod';
import {
  CreateEnrollmentTokenRequest,
  CreatedEnrollmentToken,
  EnrollmentToken,
  EnrollmentTokenList,
  EnrollRequest,
  EnrollResponse,
} from '../../shared/api/device-enrollment';
import { IdParams } from '../../shared/api/users';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import { createEnrollmentToken, enrollDevice, toEnrollmentToken } from './enrollment';
import { serverSigningKey } from './server-key';

const tags = ['devices'];

/** Enrollment tokens (admin) and enrollment itself (public, the token is the credential). */
export function deviceEnrollmentRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = ctx.store.db;

  app.post(
    '/api/devices/enrollment-tokens',
    { onRequest: auth, schema: { tags, summary: 'Create a one-time enrollment token for a device (admin); the secret is shown only now', body: CreateEnrollmentTokenRequest, response: { 201: CreatedEnrollmentToken } } },
    async (request, reply) => {
      const actor = actorOf(request);
      requirePermission(actor, 'devices.manage');
      const { row, token } = await createEnrollmentToken(ctx, actor.id, request.body);
      await audit(db, ctx.clock(), { action: 'device.enrollment_token_created', actorId: actor.id, address: request.ip, target: row.id, detail: { expiresAt: row.expires_at.toISOString() } });
      return reply.code(201).send({ ...toEnrollmentToken(row, ctx.clock()), token });
    },
  );

  app.get(
    '/api/devices/enrollment-tokens',
    { onRequest: auth, schema: { tags, summary: 'Enrollment tokens, newest first, with their state (admin)', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: EnrollmentTokenList } } },
    async (request) => {
      requirePermission(actorOf(request), 'devices.manage');
      const rows = await db.selectFrom('device_enrollment_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(request.query.limit).execute();
      const now = ctx.clock();
      return { items: rows.map((r) => toEnrollmentToken(r, now)) };
    },
  );

  app.post(
    '/api/devices/enrollment-tokens/:id/revoke',
    { onRequest: auth, schema: { tags, summary: 'Revoke an unused enrollment token (admin); revoking again changes nothing', params: IdParams, response: { 200: EnrollmentToken } } },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'devices.manage');
      const now = ctx.clock();
      const revoked = await db.updateTable('device_enrollment_tokens').set({ revoked_at: now }).where('id', '=', request.params.id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
      if (revoked) {
        await audit(db, now, { action: 'device.enrollment_token_revoked', actorId: actor.id, address: request.ip, target: revoked.id });
        return toEnrollmentToken(revoked, now);
      }
      const row = await db.selectFrom('device_enrollment_tokens').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw new TandemError('not_found', 'No such enrollment token.');
      return toEnrollmentToken(row, now);
    },
  );

  app.post(
    '/api/devices/enroll',
    {
      schema: { tags, summary: 'Enroll a device with a one-time token and its Ed25519 public key; answers the device record and the server key to pin', security: [], body: EnrollRequest, response: { 201: EnrollResponse } },
    },
    async (request, reply) => {
      const device = await enrollDevice(ctx, request.body);
      await audit(db, ctx.clock(), { action: 'device.enrolled', address: request.ip, target: device.id, detail: { name: device.name, hostname: device.hostname } });
      const key = await serverSigningKey(ctx.store);
      return reply.code(201).send({ device, serverPublicKey: key.publicKey });
    },
  );
}
