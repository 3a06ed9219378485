import { useEffect } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import type { User } from '../../../shared/domain/user';
import { can } from '../../../shared/permissions';
import { followLink, hrefOf, navigate } from '../../common/router';
import { strings } from '../../common/strings';
import { NotFound } from '../NotFound';
import { CustomFieldsPage } from './CustomFieldsPage';
import { GroupsPage } from './GroupsPage';
import { RolesPage } from './RolesPage';
import { UsersPage } from './UsersPage';
import './admin.css';

/** The admin pages, each shown only to a role the permission table lets manage it. */
const PAGES = [
  { path: '/admin/users', label: strings.admin.users, allowed: (u: User) => can(u.role, 'users.manage') },
  { path: '/admin/groups', label: strings.admin.groups, allowed: (u: User) => can(u.role, 'groups.manage') },
  { path: '/admin/roles', label: strings.admin.roles, allowed: (u: User) => can(u.role, 'users.manage') },
  { path: '/admin/custom-fields', label: strings.admin.customFields, allowed: (u: User) => can(u.role, 'custom_fields.manage') },
];

/** /admin/… : a tab row of the admin pages, then the page. */
export function AdminPage({ path, client, user }: { path: string; client: TandemClient; user: User }) {
  const pages = PAGES.filter((p) => p.allowed(user));
  const current = path === '/admin' ? pages[0] : pages.find((p) => p.path === path);
  // The section's own address shows its first page, under that page's address.
  useEffect(() => {
    if (path === '/admin' && pages[0]) navigate(pages[0].path, { replace: true });
  }, [path, pages]);
  let page;
  if (!current) page = <NotFound home={pages[0]?.path ?? '/'} />;
  else if (current.path === '/admin/users') page = <UsersPage client={client} me={user} />;
  else if (current.path === '/admin/groups') page = <GroupsPage client={client} />;
  else if (current.path === '/admin/roles') page = <RolesPage />;
  else page = <CustomFieldsPage client={client} />;
  return (
    <div className="admin-page">
      <nav aria-label={strings.admin.nav} className="admin-tabs">
        <ul>
          {pages.map((p) => (
            <li key={p.path}>
              <a href={hrefOf(p.path)} onClick={(e) => followLink(e, p.path)} aria-current={p === current ? 'page' : undefined}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {page}
    </div>
  );
}
