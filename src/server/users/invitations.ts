import { TandemError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { hashPassword } from '../auth/passwords';
import { hashOpaqueToken, newOpaqueToken } from '../auth/tokens';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Makes a one-time invitation token for a user who has no password yet. */
export async function createInvitation(ctx: ServerContext, userId: string): Promise<string> {
  const { token, hash } = newOpaqueToken();
  const now = ctx.clock();
  await ctx.store.db
    .insertInto('invitations')
    .values({ token_hash: hash, user_id: userId, expires_at: new Date(now.getTime() + INVITATION_TTL_MS) })
    .execute();
  return token;
}

/** Sets the invited user's password; the token works once and for a week. */
export async function acceptInvitation(ctx: ServerContext, token: string, password: string): Promise<string> {
  const now = ctx.clock();
  const passwordHash = await hashPassword(password);
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('invitations')
      .set({ used_at: now })
      .where('token_hash', '=', hashOpaqueToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!row) throw new TandemError('forbidden', 'This invitation is not valid or has expired. Ask an admin for a new one.');
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', row.user_id).execute();
    return row.user_id;
  });
}

/** The link an invited person opens to set their password. */
export function invitationUrl(ctx: ServerContext, token: string): string {
  return new URL(`/accept-invite?token=${encodeURIComponent(token)}`, ctx.baseUrl).toString();
}
