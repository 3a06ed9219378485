import { z } from 'zod';
import { Id, Timestamp, page } from '../domain/common';
import { AuditAction, AuditEntry } from '../domain/audit';

/** GET /api/audit (admin) — newest first; `since` is inclusive, `until` exclusive. */
export const AuditListQuery = z.strictObject({
  action: AuditAction.optional(),
  actorId: Id.optional(),
  since: Timestamp.optional(),
  until: Timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;
export const AuditList = page(AuditEntry);
