import { ROLES } from '../../../shared/domain/user';
import { can, PERMISSIONS, type Permission } from '../../../shared/permissions';
import { roleName, strings } from '../../common/strings';

/**
 * Admin → Roles: the permission table the server enforces, read-only, one column per role, so an
 * admin can see what giving someone a role lets them do. It reads `src/shared/permissions.ts`
 * directly: what this page shows is what the server checks.
 */
export function RolesPage() {
  const s = strings.admin;
  const permissions = Object.keys(PERMISSIONS) as Permission[];
  return (
    <section aria-labelledby="section-heading" className="admin-section">
      <h1 id="section-heading">
        {strings.nav.admin} · {s.rolesHeading}
      </h1>
      <p className="hint">{s.rolesIntro}</p>
      <div className="table-wrap" role="region" aria-label={s.rolesCaption} tabIndex={0}>
        <table className="matrix">
          <caption>{s.rolesCaption}</caption>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left' }}>
                {s.permission}
              </th>
              {ROLES.map((r) => (
                <th key={r} scope="col">
                  {roleName(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {permissions.map((p) => (
              <tr key={p}>
                <th scope="row">
                  {/* A permission added without words here still shows, by its key alone. */}
                  {s.permissions[p] ?? null}
                  <code>{p}</code>
                </th>
                {ROLES.map((r) =>
                  can(r, p) ? (
                    <td key={r} className="allowed">
                      <span aria-hidden="true">✓</span>
                      <span className="visually-hidden">{s.allowed}</span>
                    </td>
                  ) : (
                    <td key={r} className="denied">
                      <span aria-hidden="true">–</span>
                      <span className="visually-hidden">{s.notAllowed}</span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
