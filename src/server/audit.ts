import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditAction } from '../shared/domain/audit';
import type { Database } from './store/schema';

export interface AuditInput {
  action: AuditAction;
  actorId?: string | null;
  address?: string | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one line to the audit log (a table the database refuses to update or delete from). */
export async function audit(db: Kysely<Database>, at: Date, input: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at,
      actor_id: input.actorId ?? null,
      address: input.address ?? null,
      action: input.action,
      target: input.target ?? null,
      detail: JSON.stringify(input.detail ?? {}),
    })
    .execute();
}
