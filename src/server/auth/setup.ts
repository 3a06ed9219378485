import { randomUUID } from 'node:crypto';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { hashPassword } from './passwords';
import { hashOpaqueToken, newOpaqueToken } from './tokens';

const SETUP_KEY = 'setup_token_hash';

async function hasUsers(ctx: ServerContext): Promise<boolean> {
  const row = await ctx.store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function needsSetup(ctx: ServerContext): Promise<boolean> {
  return !(await hasUsers(ctx));
}

/**
 * First run: with TANDEM_ADMIN_EMAIL/PASSWORD the admin is created at once; otherwise a one-time
 * setup token is made (its hash kept in the store) and returned for the start banner to print.
 */
export async function bootstrapAdmin(ctx: ServerContext): Promise<{ setupToken: string | null; created: boolean }> {
  if (await hasUsers(ctx)) return { setupToken: null, created: false };
  const { adminEmail, adminPassword } = ctx.config;
  if (adminEmail && adminPassword) {
    await createAdmin(ctx, adminEmail.toLowerCase(), 'Administrator', adminPassword);
    return { setupToken: null, created: true };
  }
  const { token, hash } = newOpaqueToken();
  await ctx.store.db
    .insertInto('settings')
    .values({ key: SETUP_KEY, value: JSON.stringify(hash) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(hash) }))
    .execute();
  return { setupToken: token, created: false };
}

/** Creates the first admin with the setup token; refused once any user exists. */
export async function completeSetup(
  ctx: ServerContext,
  input: { token: string; email: string; name: string; password: string },
): Promise<string> {
  if (await hasUsers(ctx)) throw new TandemError('conflict', 'Tandem is already set up. Sign in instead.');
  // Claiming the token deletes it, so two setups racing cannot both create an admin.
  const claimed = await ctx.store.db
    .deleteFrom('settings')
    .where('key', '=', SETUP_KEY)
    .where('value', '=', JSON.stringify(hashOpaqueToken(input.token)))
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    throw new TandemError('forbidden', 'The setup link is not valid. Use the link the server printed when it started.');
  }
  return createAdmin(ctx, input.email, input.name, input.password);
}

async function createAdmin(ctx: ServerContext, email: string, name: string, password: string): Promise<string> {
  const now = ctx.clock();
  const id = randomUUID();
  await ctx.store.db
    .insertInto('users')
    .values({
      id,
      email,
      name,
      role: 'admin',
      password_hash: await hashPassword(password),
      created_at: now,
      updated_at: now,
    })
    .execute();
  await audit(ctx.store.db, now, { action: 'setup.admin_created', actorId: id, target: email });
  ctx.log.info({ email }, 'first admin created');
  return id;
}
