import { DEFAULT_REMOTE_POLICY, REMOTE_RIGHTS, type RemotePolicy } from '../../shared/domain/remote-session';
import { toPolicy, type RemoteDb } from './tables';

/** A group's remote-access policy, or the default when the group has none (or there is no group). */
export async function policyOfGroup(db: RemoteDb, groupId: string | null): Promise<RemotePolicy> {
  if (!groupId) return DEFAULT_REMOTE_POLICY;
  const row = await db.selectFrom('remote_policies').select(['allowed_rights', 'unattended']).where('group_id', '=', groupId).executeTakeFirst();
  return row ? toPolicy(row) : DEFAULT_REMOTE_POLICY;
}

/** Saves a group's policy (rights in the canonical order, no duplicates) and answers it. */
export async function savePolicy(db: RemoteDb, groupId: string, policy: RemotePolicy, actorId: string, now: Date): Promise<RemotePolicy> {
  const allowed = REMOTE_RIGHTS.filter((right) => policy.allowedRights.includes(right));
  const row = await db
    .insertInto('remote_policies')
    .values({ group_id: groupId, allowed_rights: allowed, unattended: policy.unattended, updated_by: actorId, updated_at: now })
    .onConflict((oc) => oc.column('group_id').doUpdateSet({ allowed_rights: allowed, unattended: policy.unattended, updated_by: actorId, updated_at: now }))
    .returning(['allowed_rights', 'unattended'])
    .executeTakeFirstOrThrow();
  return toPolicy(row);
}
