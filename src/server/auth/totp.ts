import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

/** A new TOTP secret (base32) and the otpauth:// URL an authenticator app scans. */
export function newTotpSecret(accountEmail: string): { secret: string; otpauthUrl: string } {
  const secret = new Secret({ size: 20 });
  const totp = new TOTP({ issuer: 'Tandem', label: accountEmail, secret, digits: 6, period: PERIOD, algorithm: 'SHA1' });
  return { secret: secret.base32, otpauthUrl: totp.toString() };
}

/**
 * Checks a code within ±1 step of `now`. Returns the time step it matched so the caller can refuse
 * a replay of the same (or an older) step; null when it does not match.
 */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: PERIOD, algorithm: 'SHA1' });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** The current code for a secret (tests and the enrolment screen's self-check use it). */
export function totpCode(secretBase32: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: PERIOD, algorithm: 'SHA1' }).generate({
    timestamp: now.getTime(),
  });
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes like `k7m2q-xp9td`, and the hashes to store. */
export function newRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('base64url');
}
