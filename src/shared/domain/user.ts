import { z } from 'zod';
import { EmailAddress, Id, Timestamp } from './common';

export const ROLES = ['end_user', 'agent', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Password = z
  .string()
  .min(10, 'Passwords need at least 10 characters.')
  .max(256, 'Passwords are at most 256 characters.');

export const User = z.object({
  id: Id,
  email: EmailAddress,
  name: z.string().min(1).max(120),
  role: Role,
  groupIds: z.array(Id),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const Group = z.object({
  id: Id,
  name: z.string().min(1).max(80),
  description: z.string().max(500),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Group = z.infer<typeof Group>;

/** Who is asking: the part of a user that permission checks need. */
export interface Actor {
  id: string;
  role: Role;
  groupIds: readonly string[];
}
