import { useState } from 'react';
import { z } from 'zod';
import type { TandemClient } from '../../../shared/api/client';
import { UserList } from '../../../shared/api/users';
import { Group, ROLES, User, type Role } from '../../../shared/domain/user';
import { roleName, strings } from '../../common/strings';
import { useApi } from '../../common/useApi';
import { AdminTable, useAdminAction } from './adminKit';

const GroupList = z.object({ items: z.array(Group) });

/**
 * Admin → Users: everyone with an account; an admin changes a person's role and groups, and
 * deactivates or reactivates them (deactivating signs them out everywhere). The server refuses to
 * demote or deactivate the last active admin, and says so.
 */
export function UsersPage({ client, me }: { client: TandemClient; me: User }) {
  const s = strings.users;
  const a = strings.admin;
  const [users] = useApi(() => client.get('/api/users?limit=500', UserList), 'users');
  // The server's answer to each change replaces that person in place (no reload, no flicker).
  const [changed, setChanged] = useState<ReadonlyMap<string, User>>(new Map());
  const [groups] = useApi(() => client.get('/api/groups', GroupList), 'groups');
  const [editingGroups, setEditingGroups] = useState<string | null>(null);
  const { run, notes } = useAdminAction();

  const patch = (user: User, body: Partial<Pick<User, 'role' | 'groupIds' | 'active'>>, done?: string) =>
    run(async () => {
      const updated = await client.patch(`/api/users/${user.id}`, body, User);
      setChanged((m) => new Map(m).set(updated.id, updated));
    }, done);
  const groupName = (id: string) =>
    (groups.state === 'ready' ? groups.data.items.find((g) => g.id === id)?.name : undefined) ?? '…';

  return (
    <section aria-labelledby="section-heading" className="admin-section">
      <h1 id="section-heading">
        {strings.nav.admin} · {s.heading}
      </h1>
      {notes}
      {users.state === 'ready' ? <p className="hint">{s.total(users.data.total)}</p> : null}
      <AdminTable
        result={users}
        caption={s.caption}
        columns={[s.name, s.email, s.role, a.editGroups, s.twoFactor, s.state, a.actions]}
      >
        {(items) =>
          items
            .map((stored) => changed.get(stored.id) ?? stored)
            .map((u) => (
              <tr key={u.id} className={u.active ? undefined : 'inactive-row'}>
                <td>
                  {u.name} {u.id === me.id ? <span className="hint">{a.you}</span> : null}
                </td>
                <td>{u.email}</td>
                <td>
                  <select
                    aria-label={a.roleOf(u.name)}
                    value={u.role}
                    onChange={(e) => void patch(u, { role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleName(r)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {/* Groups route tickets to staff; an end user's groups would mean nothing. */}
                  {u.role === 'end_user' ? <span className="hint">—</span> : null}
                  {u.role === 'end_user' ? null : (
                    <button
                      type="button"
                      className="link"
                      aria-expanded={editingGroups === u.id}
                      onClick={() => setEditingGroups((g) => (g === u.id ? null : u.id))}
                    >
                      {u.groupIds.length ? u.groupIds.map(groupName).join(', ') : a.noGroups}
                      <span className="visually-hidden"> — {a.groupsOf(u.name)}</span>
                    </button>
                  )}
                  {editingGroups === u.id && groups.state === 'ready' ? (
                    <fieldset className="check-grid group-members">
                      <legend className="visually-hidden">{a.groupsOf(u.name)}</legend>
                      {groups.data.items.map((g) => (
                        <label key={g.id}>
                          <input
                            type="checkbox"
                            checked={u.groupIds.includes(g.id)}
                            onChange={(e) =>
                              void patch(u, {
                                groupIds: e.target.checked
                                  ? [...u.groupIds, g.id]
                                  : u.groupIds.filter((x) => x !== g.id),
                              })
                            }
                          />
                          {g.name}
                        </label>
                      ))}
                    </fieldset>
                  ) : null}
                </td>
                <td>{u.totpEnabled ? s.on : s.off}</td>
                <td>
                  <span className={u.active ? 'badge accent' : 'badge'}>
                    {u.active ? s.active : s.inactive}
                  </span>
                </td>
                <td>
                  {u.id === me.id ? null : u.active ? (
                    <button
                      type="button"
                      onClick={() => void patch(u, { active: false }, a.deactivated(u.name))}
                    >
                      {a.deactivate}
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => void patch(u, { active: true }, a.reactivated(u.name))}
                    >
                      {a.reactivate}
                    </button>
                  )}
                </td>
              </tr>
            ))
        }
      </AdminTable>
    </section>
  );
}
