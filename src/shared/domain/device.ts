import { z } from 'zod';
import { Id, Timestamp } from './common';

export const Device = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  hostname: z.string().max(255),
  os: z.string().max(120),
  ownerId: Id.nullable(),
  groupId: Id.nullable(),
  /** Ed25519 public key (base64url, raw 32 bytes) the device proves itself with. */
  publicKey: z.string().max(100).nullable(),
  enrolledAt: Timestamp.nullable(),
  lastSeenAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Device = z.infer<typeof Device>;
