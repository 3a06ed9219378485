import type { Kysely } from 'kysely';
import type { User } from '../../shared/domain/user';
import type { Database, UserRow } from '../store/schema';

/** Maps a user row and its group ids to the API's User. */
export function toUser(row: UserRow, groupIds: string[]): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    groupIds,
    active: row.active,
    totpEnabled: row.totp_enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Group ids of each of the given users. */
export async function groupIdsOf(db: Kysely<Database>, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db.selectFrom('group_members').select(['user_id', 'group_id']).where('user_id', 'in', userIds).execute();
  for (const r of rows) map.get(r.user_id)?.push(r.group_id);
  for (const ids of map.values()) ids.sort();
  return map;
}

export async function loadUser(db: Kysely<Database>, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const groups = await groupIdsOf(db, [id]);
  return toUser(row, groups.get(id) ?? []);
}
