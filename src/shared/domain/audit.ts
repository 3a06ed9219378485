import { z } from 'zod';
import { Id, Timestamp } from './common';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.logout',
  'auth.logout_all',
  'auth.refresh_reuse',
  'auth.totp_enabled',
  'auth.totp_disabled',
  'auth.recovery_code_used',
  'auth.password_changed',
  'setup.admin_created',
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.unlocked',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.remote_policy_updated',
  'device.updated',
  'device.revoked',
  'device.enrolled',
  'device.enrollment_token_created',
  'device.enrollment_token_revoked',
  'custom_field.changed',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** One append-only line of the audit log. */
export const AuditEntry = z.object({
  id: Id,
  at: Timestamp,
  actorId: Id.nullable(),
  address: z.string().nullable(),
  action: AuditAction,
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
