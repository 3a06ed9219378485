import { useId, useState, type FormEvent } from 'react';
import { z } from 'zod';
import type { TandemClient } from '../../../shared/api/client';
import { UserList } from '../../../shared/api/users';
import { Group, User } from '../../../shared/domain/user';
import { strings } from '../../common/strings';
import { useApi } from '../../common/useApi';
import { AdminTable, useAdminAction } from './adminKit';

const GroupList = z.object({ items: z.array(Group) });

/**
 * Admin → Groups: create and rename teams, and choose their members among the staff. Membership is
 * a person's `groupIds` (PATCH /api/users/:id), the same thing the Users page edits.
 */
export function GroupsPage({ client }: { client: TandemClient }) {
  const s = strings.admin;
  const id = useId();
  const [groups, reloadGroups] = useApi(() => client.get('/api/groups', GroupList), 'groups');
  const [users] = useApi(() => client.get('/api/users?limit=500', UserList), 'users');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [members, setMembers] = useState<string | null>(null);
  const { run, notes } = useAdminAction();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => client.post('/api/groups', { name: name.trim(), description }, Group))) {
      setName('');
      setDescription('');
      reloadGroups();
    }
  };
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    if (
      renaming &&
      (await run(() => client.patch(`/api/groups/${renaming.id}`, { name: renaming.name.trim() }, Group)))
    ) {
      setRenaming(null);
      reloadGroups();
    }
  };
  // The server's answer to each change replaces that person in place: reloading the whole list
  // would empty the table for a moment under the admin's pointer.
  const [changed, setChanged] = useState<ReadonlyMap<string, User>>(new Map());
  const setMember = async (user: User, groupId: string, member: boolean) => {
    const groupIds = member ? [...user.groupIds, groupId] : user.groupIds.filter((g) => g !== groupId);
    // The box follows the click at once; a refusal puts the person back as they were (the
    // server's sentence shows above the table).
    setChanged((m) => new Map(m).set(user.id, { ...user, groupIds }));
    const saved = await run(async () => {
      const updated = await client.patch(`/api/users/${user.id}`, { groupIds }, User);
      setChanged((m) => new Map(m).set(updated.id, updated));
    });
    if (!saved) setChanged((m) => new Map(m).set(user.id, user));
  };
  const staff =
    users.state === 'ready'
      ? users.data.items.map((u) => changed.get(u.id) ?? u).filter((u) => u.role !== 'end_user')
      : [];

  return (
    <section aria-labelledby="section-heading" className="admin-section">
      <h1 id="section-heading">
        {strings.nav.admin} · {s.groupsHeading}
      </h1>
      <p className="hint">{s.groupsIntro}</p>
      {notes}
      <form className="admin-form" onSubmit={(e) => void create(e)} aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{s.newGroup}</h2>
        <div className="field">
          <label htmlFor={`${id}-name`}>{s.groupName}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={80}
            required
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{s.groupDescription}</label>
          <input
            id={`${id}-description`}
            value={description}
            maxLength={500}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={!name.trim()}>
            {s.createGroup}
          </button>
        </div>
      </form>
      <AdminTable
        result={groups}
        caption={s.groupsHeading}
        columns={[s.groupName, s.groupDescription, s.members, s.actions]}
        empty={s.groupsEmpty}
      >
        {(items) =>
          items.map((g) => {
            const inGroup = staff.filter((u) => u.groupIds.includes(g.id));
            return (
              <tr key={g.id}>
                <td>
                  {renaming?.id === g.id ? (
                    <form className="inline-form" onSubmit={(e) => void rename(e)}>
                      <label htmlFor={`${id}-rename`} className="visually-hidden">
                        {s.groupName}
                      </label>
                      <input
                        id={`${id}-rename`}
                        value={renaming.name}
                        maxLength={80}
                        onChange={(e) => setRenaming({ id: g.id, name: e.target.value })}
                        autoFocus
                      />
                      <button type="submit" className="primary">
                        {s.save}
                      </button>
                      <button type="button" onClick={() => setRenaming(null)}>
                        {s.cancel}
                      </button>
                    </form>
                  ) : (
                    g.name
                  )}
                </td>
                <td>{g.description}</td>
                <td>
                  {s.memberCount(inGroup.length)}
                  {inGroup.length ? (
                    <span className="hint"> — {inGroup.map((u) => u.name).join(', ')}</span>
                  ) : null}
                  {members === g.id ? (
                    <fieldset className="check-grid group-members">
                      <legend className="visually-hidden">{s.membersOf(g.name)}</legend>
                      {staff.length === 0 ? <p className="hint">{s.noStaff}</p> : null}
                      {staff.map((u) => (
                        <label key={u.id}>
                          <input
                            type="checkbox"
                            checked={u.groupIds.includes(g.id)}
                            onChange={(e) => void setMember(u, g.id, e.target.checked)}
                          />
                          {u.name}
                        </label>
                      ))}
                    </fieldset>
                  ) : null}
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => setRenaming({ id: g.id, name: g.name })}>
                      {s.rename}
                      <span className="visually-hidden"> {g.name}</span>
                    </button>
                    <button
                      type="button"
                      aria-expanded={members === g.id}
                      onClick={() => setMembers((m) => (m === g.id ? null : g.id))}
                    >
                      {s.members}
                      <span className="visually-hidden"> {g.name}</span>
                    </button>
                  </div>
                </td>
              </tr>
            );
          })
        }
      </AdminTable>
    </section>
  );
}
