import { z } from 'zod';
import { DeviceCapabilities, DevicePublicKey } from '../device-protocol';
import { Id, Timestamp } from '../domain/common';
import { Device } from '../domain/device';

/** How long an enrollment token lives unless the admin says otherwise, and at most. */
export const ENROLLMENT_TOKEN_DEFAULT_TTL_S = 24 * 60 * 60;
export const ENROLLMENT_TOKEN_MAX_TTL_S = 30 * 24 * 60 * 60;

/** POST /api/devices/enrollment-tokens (admin): a one-time token a device enrolls with. */
export const CreateEnrollmentTokenRequest = z.strictObject({
  /** Seconds until the token expires. */
  expiresInSeconds: z.number().int().min(60, 'A token lives at least a minute.').max(ENROLLMENT_TOKEN_MAX_TTL_S, 'A token lives at most 30 days.').default(ENROLLMENT_TOKEN_DEFAULT_TTL_S),
  /** Group and owner the enrolled device gets. */
  groupId: Id.nullable().default(null),
  ownerId: Id.nullable().default(null),
  /** A note for the admin (where the token is meant to be used). */
  label: z.string().trim().max(200).default(''),
});
export type CreateEnrollmentTokenRequest = z.infer<typeof CreateEnrollmentTokenRequest>;

export const EnrollmentTokenState = z.enum(['active', 'used', 'expired', 'revoked']);

/** An enrollment token as listed (the secret itself is shown once, at creation). */
export const EnrollmentToken = z.object({
  id: Id,
  label: z.string(),
  groupId: Id.nullable(),
  ownerId: Id.nullable(),
  createdBy: Id,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  usedAt: Timestamp.nullable(),
  deviceId: Id.nullable(),
  revokedAt: Timestamp.nullable(),
  state: EnrollmentTokenState,
});
export type EnrollmentToken = z.infer<typeof EnrollmentToken>;

export const CreatedEnrollmentToken = EnrollmentToken.extend({
  /** The secret to hand to the device; the server keeps only its hash. */
  token: z.string(),
});
export type CreatedEnrollmentToken = z.infer<typeof CreatedEnrollmentToken>;

export const EnrollmentTokenList = z.object({ items: z.array(EnrollmentToken) });

/** Enrollment tokens are `tdm_enroll_` and 43 base64url characters. */
export const EnrollmentTokenSecret = z.string().regex(/^tdm_enroll_[A-Za-z0-9_-]{43}$/, 'This is not an enrollment token. Ask an admin for a new one.');

/** POST /api/devices/enroll (public; the token is the credential). */
export const EnrollRequest = z.strictObject({
  token: EnrollmentTokenSecret,
  publicKey: DevicePublicKey,
  name: z.string().trim().min(1, 'Give the device a name.').max(120, 'Device names are at most 120 characters.'),
  hostname: z.string().trim().max(255).default(''),
  os: z.string().trim().max(120).default(''),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  device: Device,
  /** The server's Ed25519 signing key (raw, base64url); the device pins it. */
  serverPublicKey: DevicePublicKey,
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/**
 * A device as the API lists it: the record plus whether it is connected right now and, while it
 * is, what it said it can do (null when offline or not yet told).
 */
export const DeviceWithPresence = Device.extend({ online: z.boolean(), capabilities: DeviceCapabilities.nullable(), agent: z.string().nullable() });
export type DeviceWithPresence = z.infer<typeof DeviceWithPresence>;
