import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CreateEnrollmentTokenRequest, EnrollmentToken, EnrollRequest } from '../../shared/api/device-enrollment';
import type { Device } from '../../shared/domain/device';
import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { DeviceEnrollmentTokenRow } from '../store/schema';
import { toDevice } from './devices';
import { publicKeyFromRaw } from './server-key';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Only the hash of a token is stored; the secret is shown once. */
export const hashEnrollmentToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Maps a token row to what admins see, with its state at `now`. */
export function toEnrollmentToken(row: DeviceEnrollmentTokenRow, now: Date): EnrollmentToken {
  const state = row.revoked_at ? 'revoked' : row.used_at ? 'used' : row.expires_at <= now ? 'expired' : 'active';
  return {
    id: row.id,
    label: row.label,
    groupId: row.group_id,
    ownerId: row.owner_id,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    usedAt: iso(row.used_at),
    deviceId: row.device_id,
    revokedAt: iso(row.revoked_at),
    state,
  };
}

/** Makes a one-time enrollment token; answers its row and the secret (never stored). */
export async function createEnrollmentToken(
  ctx: ServerContext,
  actorId: string,
  input: CreateEnrollmentTokenRequest,
): Promise<{ row: DeviceEnrollmentTokenRow; token: string }> {
  const db = ctx.store.db;
  if (input.ownerId && !(await db.selectFrom('users').select('id').where('id', '=', input.ownerId).executeTakeFirst())) {
    throw new TandemError('validation_failed', 'ownerId: no user has this id. Pick an existing user, or null for none.');
  }
  if (input.groupId && !(await db.selectFrom('groups').select('id').where('id', '=', input.groupId).executeTakeFirst())) {
    throw new TandemError('validation_failed', 'groupId: no group has this id. Pick an existing group, or null for none.');
  }
  const token = `tdm_enroll_${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock();
  const row = await db
    .insertInto('device_enrollment_tokens')
    .values({
      id: randomUUID(),
      token_hash: hashEnrollmentToken(token),
      label: input.label,
      group_id: input.groupId,
      owner_id: input.ownerId,
      created_by: actorId,
      created_at: now,
      expires_at: new Date(now.getTime() + input.expiresInSeconds * 1000),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, token };
}

/**
 * Enrolls a device: spends the token and records the device with its public key, in one
 * transaction, so a refused device (say, a key already in use) leaves the token unspent.
 */
export async function enrollDevice(ctx: ServerContext, input: EnrollRequest): Promise<Device> {
  try {
    publicKeyFromRaw(input.publicKey);
  } catch {
    throw new TandemError('validation_failed', 'publicKey: this is not an Ed25519 public key. Let the agent make a new key pair.');
  }
  const now = ctx.clock();
  const hash = hashEnrollmentToken(input.token);
  return ctx.store.db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('device_enrollment_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    if (!spent) {
      const row = await trx.selectFrom('device_enrollment_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      const why = !row
        ? 'This enrollment token is not known.'
        : row.revoked_at
          ? 'This enrollment token was revoked.'
          : row.used_at
            ? 'This enrollment token was already used.'
            : 'This enrollment token has expired.';
      throw new TandemError('unauthenticated', `${why} Ask an admin for a new one.`);
    }
    const taken = await trx.selectFrom('devices').select('id').where('public_key', '=', input.publicKey).executeTakeFirst();
    if (taken) throw new TandemError('conflict', 'A device with this key is already enrolled. Let the agent make a new key pair.');
    const id = randomUUID();
    const device = await trx
      .insertInto('devices')
      .values({
        id,
        name: input.name,
        hostname: input.hostname,
        os: input.os,
        owner_id: spent.owner_id,
        group_id: spent.group_id,
        public_key: input.publicKey,
        enrolled_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('device_enrollment_tokens').set({ device_id: id }).where('id', '=', spent.id).execute();
    return toDevice(device);
  });
}
