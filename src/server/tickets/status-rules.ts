import type { Ticket, TicketStatus } from '../../shared/domain/ticket';
import { TandemError } from '../../shared/errors';
import { REQUESTER_STATUSES } from '../../shared/permissions';

/**
 * resolvedAt / closedAt after a status change: resolving stamps resolvedAt, closing stamps closedAt
 * (keeping resolvedAt), any other status (a reopen) clears both.
 */
export function statusTimestamps(
  to: TicketStatus,
  now: Date,
  current: { resolvedAt: Date | null },
): { resolvedAt: Date | null; closedAt: Date | null } {
  if (to === 'resolved') return { resolvedAt: now, closedAt: null };
  if (to === 'closed') return { resolvedAt: current.resolvedAt, closedAt: now };
  return { resolvedAt: null, closedAt: null };
}

/** Closed is final for everyone: follow-up work goes into a new ticket. */
export function assertStatusChangeAllowed(from: TicketStatus, to: TicketStatus): void {
  if (from === 'closed' && to !== 'closed') {
    throw new TandemError('conflict', 'This ticket is closed and cannot be reopened. Open a new ticket instead.');
  }
}

/** A requester may resolve their ticket, or reopen it once resolved; nothing else. */
export function assertRequesterStatusChange(from: TicketStatus, to: TicketStatus): void {
  assertStatusChangeAllowed(from, to);
  if (!(REQUESTER_STATUSES as readonly string[]).includes(to)) {
    throw new TandemError('forbidden', 'You can mark your ticket resolved, or reopen it once resolved.');
  }
  if (to === 'open' && from !== 'resolved' && from !== 'open') {
    throw new TandemError('forbidden', 'You can reopen a ticket only after it was resolved. Reply to it instead.');
  }
}

/**
 * The status a public reply moves a ticket to, or null: an agent's first reply takes a new ticket
 * into work; the requester answering a pending or resolved ticket puts the ball back with the team.
 */
export function statusAfterReply(
  ticket: Pick<Ticket, 'status' | 'requesterId'>,
  author: { id: string; isStaff: boolean },
  kind: 'reply' | 'note',
): TicketStatus | null {
  if (kind !== 'reply') return null;
  if (author.isStaff && ticket.status === 'new') return 'open';
  if (author.id === ticket.requesterId && (ticket.status === 'pending' || ticket.status === 'resolved')) return 'open';
  return null;
}
