import { z } from 'zod';
import { Email } from '../domain/common';
import { Password, User } from '../domain/user';

/** POST /api/auth/login */
export const LoginRequest = z.strictObject({
  email: Email,
  password: z.string().min(1, 'Enter your password.').max(256),
  /** Six-digit code from the authenticator app, when two-factor is on. */
  totp: z
    .string()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.')
    .optional(),
  /** One of the recovery codes, instead of a TOTP code. */
  recoveryCode: z.string().min(8).max(32).optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenPair = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  user: User,
});
export type TokenPair = z.infer<typeof TokenPair>;

/** POST /api/auth/refresh — the refresh token is single use; a new one comes back. */
export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(20).max(200) });

/** POST /api/auth/totp/enroll → a secret to put in an authenticator app. */
export const TotpEnrollResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
/** POST /api/auth/totp/verify — confirms enrolment; answers the recovery codes, shown once. */
export const TotpVerifyRequest = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'Enter the 6-digit code.') });
export const TotpVerifyResponse = z.object({ recoveryCodes: z.array(z.string()) });
/** POST /api/auth/totp/disable */
export const TotpDisableRequest = z.strictObject({ password: z.string().min(1).max(256) });

/** POST /api/auth/password */
export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});

/** GET /api/setup → whether the server still waits for its first admin. */
export const SetupStatus = z.object({ needsSetup: z.boolean() });
/** POST /api/setup — creates the first admin with the one-time setup token printed at start. */
export const SetupRequest = z.strictObject({
  token: z.string().min(20).max(200),
  email: Email,
  name: z.string().trim().min(1).max(120),
  password: Password,
});

/** POST /api/auth/accept-invite — sets the password of an invited account. */
export const AcceptInviteRequest = z.strictObject({
  token: z.string().min(20).max(200),
  password: Password,
});

export const OkResponse = z.object({ ok: z.literal(true) });
