import { TandemError } from '../errors';
import type { Ticket, TicketEvent } from './ticket';

/**
 * Ticket ratings. A rating is a `rating` ticket event (score 1–5, the comment in `body`), not a
 * document of its own: events already replicate, are append-only and carry the ticket's visibility,
 * so rating needs no `surveys` collection on the client (the free RxDB build allows 13 per realm and
 * the client has 7). The rule — only the requester, only once the ticket is resolved or closed, one
 * rating per resolution (a reopened and resolved-again ticket can be rated again) — lives here once,
 * so the server refuses exactly what the tray does not offer.
 */

type RatedTicket = Pick<Ticket, 'requesterId' | 'status' | 'resolvedAt' | 'closedAt'>;
type RatingLike = Pick<TicketEvent, 'kind' | 'authorId' | 'createdAt'>;

/** When the ticket's current resolution began (resolvedAt; closedAt for a ticket closed straight away), or null while it is not resolved. */
export function resolutionStart(ticket: RatedTicket): string | null {
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return null;
  return ticket.resolvedAt ?? ticket.closedAt;
}

/** The rating this person gave the ticket's current resolution, if any. */
export function ratingOfResolution<E extends RatingLike>(userId: string, ticket: RatedTicket, events: readonly E[]): E | null {
  const since = resolutionStart(ticket);
  if (since === null) return null;
  const start = Date.parse(since);
  return events.find((e) => e.kind === 'rating' && e.authorId === userId && Date.parse(e.createdAt) >= start) ?? null;
}

/** Why this person may not rate the ticket now (a TandemError with a sentence), or null when they may. */
export function ratingRefusal(userId: string, ticket: RatedTicket, events: readonly RatingLike[]): TandemError | null {
  if (ticket.requesterId !== userId) return new TandemError('forbidden', 'Only the person who raised this ticket can rate it.');
  if (resolutionStart(ticket) === null) return new TandemError('conflict', 'You can rate a ticket once it is resolved. Reply to it instead.');
  if (ratingOfResolution(userId, ticket, events)) return new TandemError('conflict', 'You already rated this ticket. Reply to it to add anything.');
  return null;
}
