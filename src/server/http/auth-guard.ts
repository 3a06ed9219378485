import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';
import { can, type Permission } from '../../shared/permissions';
import type { ServerContext } from '../context';
import { groupIdsOf } from '../users/users';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
}

/**
 * onRequest hook that requires a valid access token whose session is still live and whose user is
 * still active; the role and groups come from the database, not the token, so a change takes
 * effect at once.
 */
export function authenticate(ctx: ServerContext) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) throw new TandemError('unauthenticated', 'Sign in to continue.');
    const { actor, sessionId } = await actorFromAccessToken(ctx, token);
    request.actor = actor;
    request.sessionId = sessionId;
  };
}

/**
 * The actor an access token stands for, checked against the live session and account. Used by
 * HTTP requests and by long-lived sockets (which call it again when the token is refreshed).
 */
export async function actorFromAccessToken(
  ctx: ServerContext,
  token: string,
): Promise<{ actor: Actor; sessionId: string; expiresAt: number }> {
  const claims = await ctx.tokens.verify(token);
  const actor = await liveActor(ctx, claims.userId, claims.sessionId);
  return { actor, sessionId: claims.sessionId, expiresAt: claims.expiresAt };
}

/** The user's current role and groups, if their session is live and the account active. */
export async function liveActor(ctx: ServerContext, userId: string, sessionId: string): Promise<Actor> {
  const row = await ctx.store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.role', 'users.active', 'sessions.revoked_at'])
    .where('sessions.id', '=', sessionId)
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) throw new TandemError('unauthenticated', 'You have been signed out. Sign in again.');
  if (!row.active) throw new TandemError('unauthenticated', 'This account has been deactivated.');
  const groups = await groupIdsOf(ctx.store.db, [row.id]);
  return { id: row.id, role: row.role, groupIds: groups.get(row.id) ?? [] };
}

/** The signed-in actor of a request that passed `authenticate`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new TandemError('unauthenticated', 'Sign in to continue.');
  return request.actor;
}

/** Throws 403 unless the actor's role may take the action. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    throw new TandemError('forbidden', 'Your role does not allow this. Ask an admin if you need it.');
  }
}
