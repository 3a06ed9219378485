import type { Actor, Role } from './domain/user';
import type { Ticket, TicketEvent } from './domain/ticket';
import type { KbArticle } from './domain/kb';

/**
 * The one permission table. The server checks it on every read and write; the UI reads it to show
 * or hide actions. An action lists the roles that may take it; where the action is on a record,
 * the scope functions below narrow it further (an end user reads only their own tickets).
 */
export const PERMISSIONS = {
  'tickets.create': ['end_user', 'agent', 'supervisor', 'admin'],
  /** Read tickets in scope (see canSeeTicket). */
  'tickets.read': ['end_user', 'agent', 'supervisor', 'admin'],
  /** Change any editable field of a ticket in scope. */
  'tickets.edit': ['agent', 'supervisor', 'admin'],
  /** Requesters may resolve or reopen their own tickets and edit cc; nothing else. */
  'tickets.edit_own_status': ['end_user'],
  'tickets.reply': ['end_user', 'agent', 'supervisor', 'admin'],
  'tickets.note': ['agent', 'supervisor', 'admin'],
  /** Rate a resolved ticket; only its requester, once per resolution (see domain/rating.ts). */
  'tickets.rate': ['end_user', 'agent', 'supervisor', 'admin'],
  'tickets.read_internal': ['agent', 'supervisor', 'admin'],
  'tickets.delete': ['supervisor', 'admin'],
  'kb.read_public': ['end_user', 'agent', 'supervisor', 'admin'],
  'kb.read_internal': ['agent', 'supervisor', 'admin'],
  'kb.write': ['agent', 'supervisor', 'admin'],
  'kb.delete': ['supervisor', 'admin'],
  'users.read': ['agent', 'supervisor', 'admin'],
  'users.manage': ['admin'],
  'groups.read': ['agent', 'supervisor', 'admin'],
  'groups.manage': ['admin'],
  'custom_fields.read': ['end_user', 'agent', 'supervisor', 'admin'],
  'custom_fields.manage': ['admin'],
  'devices.read': ['agent', 'supervisor', 'admin'],
  'devices.manage': ['admin'],
  /** Personal saved views and macros, seen only by their owner. */
  'views.manage_own': ['agent', 'supervisor', 'admin'],
  'macros.manage_own': ['agent', 'supervisor', 'admin'],
  /** Views and macros every agent sees. */
  'views.share': ['supervisor', 'admin'],
  'macros.share': ['admin'],
  /** Ask for a remote session on a device (see src/shared/domain/remote-session.ts); never end users. */
  'remote.start': ['agent', 'supervisor', 'admin'],
  /** Read remote sessions and their record: agents those they started or whose ticket they see. */
  'remote.read': ['agent', 'supervisor', 'admin'],
  /** End, or open the signaling of, a session another agent started. */
  'remote.manage_any': ['admin'],
  /** Read a group's remote-access policy. */
  'remote.policy.read': ['agent', 'supervisor', 'admin'],
  /** Set a group's remote-access policy (which rights; unattended access). */
  'remote.policy.manage': ['admin'],
  'attachments.upload': ['end_user', 'agent', 'supervisor', 'admin'],
  'audit.read': ['admin'],
  /** Ticket volume, response times and SLA compliance across the helpdesk. */
  'reports.read': ['supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether a role may take an action at all (before any record scope). */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

type TicketScope = Pick<Ticket, 'requesterId' | 'cc' | 'groupId' | 'assigneeId'>;

/**
 * Which tickets an actor can see: end users their own (requested or cc'd); agents their groups',
 * those assigned to them and the unrouted queue (no group); supervisors and admins all.
 */
export function canSeeTicket(actor: Actor, ticket: TicketScope): boolean {
  switch (actor.role) {
    case 'admin':
    case 'supervisor':
      return true;
    case 'agent':
      return (
        ticket.groupId === null ||
        actor.groupIds.includes(ticket.groupId) ||
        ticket.assigneeId === actor.id ||
        ticket.requesterId === actor.id
      );
    case 'end_user':
      return ticket.requesterId === actor.id || ticket.cc.includes(actor.id);
  }
}

/** Whether an actor sees one event of a ticket they can already see. */
export function canSeeTicketEvent(actor: Actor, event: Pick<TicketEvent, 'public'>): boolean {
  return event.public || can(actor.role, 'tickets.read_internal');
}

/** Whether an actor may read a knowledge-base article. */
export function canSeeArticle(actor: Actor, article: Pick<KbArticle, 'visibility'>): boolean {
  return article.visibility === 'public' || can(actor.role, 'kb.read_internal');
}

/** Fields a requester (end user) may change on their own ticket. */
export const REQUESTER_EDITABLE_FIELDS = ['status', 'cc'] as const;
/** Statuses a requester may move their own ticket to: resolve it, or reopen it. */
export const REQUESTER_STATUSES = ['resolved', 'open'] as const;
