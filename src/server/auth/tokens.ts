import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ROLES, type Role } from '../../shared/domain/user';
import { TandemError } from '../../shared/errors';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const ISSUER = 'tandem';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  role: Role;
}

export interface VerifiedAccess extends AccessClaims {
  /** When the token stops being accepted (ms since the epoch). */
  expiresAt: number;
}

/** Short-lived signed access tokens (HS256 JWT) naming the user and their session. */
export class AccessTokens {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly now: () => Date,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: AccessClaims): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ sid: claims.sessionId, role: claims.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.key);
  }

  async verify(token: string): Promise<VerifiedAccess> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      const role = payload.role as Role;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !ROLES.includes(role)) {
        throw new TandemError('unauthenticated', 'Your session is not valid. Sign in again.');
      }
      return { userId: payload.sub, sessionId: payload.sid, role, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      if (err instanceof TandemError) throw err;
      if (err instanceof joseErrors.JWTExpired) {
        throw new TandemError('token_expired', 'Your session has expired. Refresh it or sign in again.');
      }
      throw new TandemError('unauthenticated', 'Your session is not valid. Sign in again.');
    }
  }
}

/** A random opaque token (refresh tokens, invitations, setup links) and the hash we store of it. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
