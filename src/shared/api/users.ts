import { z } from 'zod';
import { Email, Id } from '../domain/common';
import { Password, Role, User } from '../domain/user';

/** POST /api/users — with a password the account is ready; without, an invitation link comes back. */
export const CreateUserRequest = z.strictObject({
  email: Email,
  name: z.string().trim().min(1).max(120),
  role: Role,
  groupIds: z.array(Id).max(100).default([]),
  password: Password.optional(),
});
export const CreateUserResponse = z.object({ user: User, invitationUrl: z.string().nullable() });

/** PATCH /api/users/:id */
export const UpdateUserRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    role: Role,
    groupIds: z.array(Id).max(100),
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field.');

export const UserListQuery = z.strictObject({
  role: Role.optional(),
  q: z.string().max(100).optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const UserList = z.object({ items: z.array(User), total: z.number().int() });

export const GroupInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().max(500).default(''),
});
export const UpdateGroupRequest = z
  .strictObject({ name: z.string().trim().min(1).max(80), description: z.string().max(500) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field.');

export const IdParams = z.strictObject({ id: Id });
