import type { Role } from '../../shared/domain/user';
import { can } from '../../shared/permissions';
import { strings } from '../common/strings';

export interface Section {
  path: string;
  label: string;
  /** Whether a role sees this section in the navigation (and may open it). */
  visibleTo(role: Role): boolean;
}

/** The console's side navigation, gated by the one permission table. */
export const SECTIONS: Section[] = [
  { path: '/queue', label: strings.nav.queue, visibleTo: (role) => can(role, 'tickets.edit') },
  { path: '/knowledge', label: strings.nav.knowledge, visibleTo: (role) => can(role, 'kb.read_internal') },
  { path: '/devices', label: strings.nav.devices, visibleTo: (role) => can(role, 'devices.read') },
  { path: '/macros', label: strings.tools.adminMacros, visibleTo: (role) => can(role, 'macros.manage_own') },
  { path: '/reports', label: strings.nav.reports, visibleTo: (role) => can(role, 'reports.read') },
  {
    path: '/admin',
    label: strings.nav.admin,
    visibleTo: (role) => can(role, 'users.manage') || can(role, 'groups.manage') || can(role, 'custom_fields.manage'),
  },
];
