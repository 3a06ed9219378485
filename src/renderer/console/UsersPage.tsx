import type { TandemClient } from '../../shared/api/client';
import { UserList } from '../../shared/api/users';
import { ErrorNote } from '../common/Field';
import { roleName, strings } from '../common/strings';
import { useApi } from '../common/useApi';

/** Admin → Users: everyone with an account, their role, two-factor and whether they are active. */
export function UsersPage({ client }: { client: TandemClient }) {
  const s = strings.users;
  const [users] = useApi(() => client.get('/api/users?limit=200', UserList), 'users');
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">
        {strings.nav.admin} · {s.heading}
      </h1>
      {users.state === 'loading' ? <p role="status">{strings.loading}</p> : null}
      {users.state === 'failed' ? <ErrorNote message={users.error.message} /> : null}
      {users.state === 'ready' ? (
        <>
          <p className="hint">{s.total(users.data.total)}</p>
          <div className="table-wrap" role="region" aria-label={s.caption} tabIndex={0}>
            <table>
              <caption>{s.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.name}</th>
                  <th scope="col">{s.email}</th>
                  <th scope="col">{s.role}</th>
                  <th scope="col">{s.twoFactor}</th>
                  <th scope="col">{s.state}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{roleName(u.role)}</td>
                    <td>{u.totpEnabled ? s.on : s.off}</td>
                    <td>
                      <span className={u.active ? 'badge accent' : 'badge'}>{u.active ? s.active : s.inactive}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
