import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TokenPair } from '../../shared/api/auth';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import type { Database } from '../store/schema';
import { loadUser } from '../users/users';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, hashOpaqueToken, newOpaqueToken } from './tokens';

export interface ClientInfo {
  address: string;
  userAgent: string | null;
}

/** Opens a sign-in session and answers its first token pair. */
export async function openSession(ctx: ServerContext, userId: string, client: ClientInfo): Promise<TokenPair> {
  const now = ctx.clock();
  const sessionId = randomUUID();
  await ctx.store.db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      created_at: now,
      last_used_at: now,
      expires_at: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000),
      user_agent: client.userAgent?.slice(0, 300) ?? null,
      address: client.address,
    })
    .execute();
  return issuePair(ctx, ctx.store.db, userId, sessionId, now);
}

async function issuePair(
  ctx: ServerContext,
  db: Kysely<Database>,
  userId: string,
  sessionId: string,
  now: Date,
): Promise<TokenPair> {
  const refresh = newOpaqueToken();
  await db.insertInto('refresh_tokens').values({ token_hash: refresh.hash, session_id: sessionId, created_at: now }).execute();
  const user = await loadUser(db, userId);
  if (!user) throw new TandemError('unauthenticated', 'This account no longer exists.');
  const accessToken = await ctx.tokens.issue({ userId, sessionId, role: user.role });
  return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, refreshToken: `${sessionId}.${refresh.token}`, user };
}

const signedOut = () => new TandemError('unauthenticated', 'You have been signed out. Sign in again.');

/**
 * Trades a refresh token for a new pair. Each refresh token works once: presenting one that was
 * already used means it was copied, so the whole session is revoked and both parties must sign in.
 */
export async function refreshSession(ctx: ServerContext, presented: string, client: ClientInfo): Promise<TokenPair> {
  const now = ctx.clock();
  const dot = presented.indexOf('.');
  if (dot < 0) throw signedOut();
  const sessionId = presented.slice(0, dot);
  const hash = hashOpaqueToken(presented.slice(dot + 1));
  const result = await ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('refresh_tokens')
      .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'refresh_tokens.used_at',
        'sessions.id as session_id',
        'sessions.revoked_at',
        'sessions.expires_at',
        'users.id as user_id',
        'users.active',
      ])
      .where('refresh_tokens.token_hash', '=', hash)
      .where('refresh_tokens.session_id', '=', sessionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.revoked_at || !row.active || row.expires_at <= now) return { error: signedOut() } as const;
    if (row.used_at) {
      await trx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', row.session_id).execute();
      return { reuse: row } as const;
    }
    await trx.updateTable('refresh_tokens').set({ used_at: now }).where('token_hash', '=', hash).execute();
    await trx
      .updateTable('sessions')
      .set({
        last_used_at: now,
        expires_at: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000),
        address: client.address,
      })
      .where('id', '=', row.session_id)
      .execute();
    return { pair: await issuePair(ctx, trx, row.user_id, row.session_id, now) } as const;
  });
  if ('reuse' in result && result.reuse) {
    await audit(ctx.store.db, now, {
      action: 'auth.refresh_reuse',
      actorId: result.reuse.user_id,
      address: client.address,
      target: result.reuse.session_id,
    });
    ctx.log.warn({ sessionId: result.reuse.session_id }, 'refresh token reused; session revoked');
    throw new TandemError('unauthenticated', 'This sign-in was used from somewhere else and has been closed. Sign in again.');
  }
  if ('error' in result && result.error) throw result.error;
  return (result as { pair: TokenPair }).pair;
}

/** Revokes one session (sign out here). */
export async function revokeSession(ctx: ServerContext, sessionId: string): Promise<void> {
  await ctx.store.db
    .updateTable('sessions')
    .set({ revoked_at: ctx.clock() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every session of a user (sign out everywhere), optionally sparing one. */
export async function revokeAllSessions(ctx: ServerContext, userId: string, except?: string): Promise<number> {
  let q = ctx.store.db
    .updateTable('sessions')
    .set({ revoked_at: ctx.clock() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (except) q = q.where('id', '!=', except);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
