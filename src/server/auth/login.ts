import type { LoginRequest, TokenPair } from '../../shared/api/auth';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { dummyHash, verifyPassword } from './passwords';
import { openSession, type ClientInfo } from './sessions';
import { LoginThrottle } from './throttle';
import { hashRecoveryCode, matchTotp } from './totp';

const wrongCredentials = () => new TandemError('invalid_credentials', 'The email or password is wrong.');

/**
 * Signs a user in: throttle check, password, then the second factor when it is on. Every failure
 * counts against the account and the address and is audited; a wrong email costs the same time as
 * a wrong password.
 */
export async function login(ctx: ServerContext, input: LoginRequest, client: ClientInfo): Promise<TokenPair> {
  const { db } = ctx.store;
  const throttle = new LoginThrottle(db);
  const now = ctx.clock();
  await throttle.check(input.email, client.address, now);

  const user = await db.selectFrom('users').selectAll().where('email', '=', input.email).executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !user.password_hash || !passwordOk || !user.active) {
    await throttle.fail(input.email, client.address, now, user?.id ?? null);
    throw wrongCredentials();
  }

  if (user.totp_enabled && user.totp_secret) {
    if (input.recoveryCode) {
      const used = await db
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('user_id', '=', user.id)
        .where('code_hash', '=', hashRecoveryCode(input.recoveryCode))
        .where('used_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!used) {
        await throttle.fail(input.email, client.address, now, user.id);
        throw new TandemError('invalid_credentials', 'That recovery code is wrong or was already used.');
      }
      await audit(db, now, { action: 'auth.recovery_code_used', actorId: user.id, address: client.address });
    } else if (input.totp) {
      const step = matchTotp(user.totp_secret, input.totp, now);
      const last = user.totp_last_step === null ? -1 : Number(user.totp_last_step);
      if (step === null || step <= last) {
        await throttle.fail(input.email, client.address, now, user.id);
        throw new TandemError('invalid_credentials', 'The authenticator code is wrong or was already used.');
      }
      await db.updateTable('users').set({ totp_last_step: step }).where('id', '=', user.id).execute();
    } else {
      throw new TandemError('totp_required', 'Enter the 6-digit code from your authenticator app.');
    }
  }

  await throttle.succeed(input.email);
  await audit(db, now, { action: 'auth.login', actorId: user.id, address: client.address });
  return openSession(ctx, user.id, client);
}
