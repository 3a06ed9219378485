import type { Kysely } from 'kysely';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { Database } from '../store/schema';

/**
 * Brute-force protection for sign-in. Failures are counted per account (the email tried, whether
 * or not it exists) and per address. After a few failures each new attempt must wait a delay that
 * doubles per failure; after many the account or address is locked for a while. A success clears
 * the account's count (not the address's: one valid account must not launder an address).
 * Waiting is the client's job: an early attempt is answered 429 with Retry-After, so no server
 * resource is held while an attacker waits.
 */
export const THROTTLE_POLICY = {
  account: { freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 60_000, lockAfter: 10, lockMs: 15 * 60_000 },
  address: { freeFailures: 10, baseDelayMs: 500, maxDelayMs: 30_000, lockAfter: 100, lockMs: 15 * 60_000 },
} as const;

type Kind = keyof typeof THROTTLE_POLICY;

/** The delay required after `failures` consecutive failures. */
export function delayAfter(kind: Kind, failures: number): number {
  const p = THROTTLE_POLICY[kind];
  if (failures <= p.freeFailures) return 0;
  return Math.min(p.baseDelayMs * 2 ** (failures - p.freeFailures - 1), p.maxDelayMs);
}

export class LoginThrottle {
  constructor(private readonly db: Kysely<Database>) {}

  /** Throws `locked` (423) or `too_many_requests` (429) when an attempt may not be made now. */
  async check(email: string, address: string, now: Date): Promise<void> {
    const rows = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('kind', '=', 'account'), eb('key', '=', email)]),
          eb.and([eb('kind', '=', 'address'), eb('key', '=', address)]),
        ]),
      )
      .execute();
    for (const row of rows) {
      if (row.locked_until && row.locked_until > now) {
        const seconds = Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000);
        throw new TandemError(
          'locked',
          row.kind === 'account'
            ? `This account is locked after too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minutes or ask an admin to unlock it.`
            : `Too many failed sign-ins from your network. Try again in ${Math.ceil(seconds / 60)} minutes.`,
          { retryAfterSeconds: seconds },
        );
      }
    }
    for (const row of rows) {
      if (row.next_allowed_at > now) {
        const seconds = Math.ceil((row.next_allowed_at.getTime() - now.getTime()) / 1000);
        throw new TandemError('too_many_requests', `Too many failed attempts. Wait ${seconds} s and try again.`, {
          retryAfterSeconds: seconds,
        });
      }
    }
  }

  /** Counts a failure against the account and the address; audits it and any lockout it causes. */
  async fail(email: string, address: string, now: Date, userId: string | null): Promise<void> {
    await audit(this.db, now, {
      action: 'auth.login_failed',
      actorId: userId,
      address,
      target: email,
    });
    for (const [kind, key] of [
      ['account', email],
      ['address', address],
    ] as const) {
      const policy = THROTTLE_POLICY[kind];
      const row = await this.db
        .insertInto('login_throttle')
        .values({ kind, key, failures: 1, last_failure_at: now, next_allowed_at: now, locked_until: null })
        .onConflict((oc) =>
          oc.columns(['kind', 'key']).doUpdateSet((eb) => ({
            // A lock that has run out starts the count afresh.
            failures: eb
              .case()
              .when('login_throttle.locked_until', '<=', now)
              .then(1)
              .else(eb('login_throttle.failures', '+', 1))
              .end(),
            last_failure_at: now,
            locked_until: eb.case().when('login_throttle.locked_until', '<=', now).then(null).else(eb.ref('login_throttle.locked_until')).end(),
          })),
        )
        .returning(['failures', 'locked_until'])
        .executeTakeFirstOrThrow();
      const nextAllowed = new Date(now.getTime() + delayAfter(kind, row.failures));
      const lock = row.failures >= policy.lockAfter && !row.locked_until ? new Date(now.getTime() + policy.lockMs) : null;
      await this.db
        .updateTable('login_throttle')
        .set({ next_allowed_at: nextAllowed, ...(lock ? { locked_until: lock } : {}) })
        .where('kind', '=', kind)
        .where('key', '=', key)
        .execute();
      if (lock) {
        await audit(this.db, now, {
          action: 'auth.lockout',
          actorId: kind === 'account' ? userId : null,
          address,
          target: kind === 'account' ? email : address,
          detail: { kind, failures: row.failures, until: lock.toISOString() },
        });
      }
    }
  }

  /** Clears the account's failure count after a successful sign-in. */
  async succeed(email: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('kind', '=', 'account').where('key', '=', email).execute();
  }

  /** Lifts an account lock (an admin's action). */
  async unlock(email: string): Promise<void> {
    await this.succeed(email);
  }
}
