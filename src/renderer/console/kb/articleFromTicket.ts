import type { Ticket, TicketEvent } from '../../../shared/domain/ticket';

/** Headings of an article drafted from a ticket (the renderer's strings hand them in). */
export interface DraftHeadings {
  problem: string;
  resolution: string;
  source: (ticketNumber: string) => string;
}

/**
 * A first draft of an article from a solved ticket: the subject as the title, the description as
 * the problem, and the last public reply from someone other than the requester as the resolution
 * (that is usually the answer that worked). Internal notes never go into an article.
 */
export function articleDraftFromTicket(ticket: Pick<Ticket, 'number' | 'subject' | 'description' | 'requesterId' | 'category' | 'tags'>, events: readonly TicketEvent[], headings: DraftHeadings): {
  title: string;
  body: string;
  category: string | null;
  tags: string[];
} {
  const answer = [...events].reverse().find((e) => e.kind === 'reply' && e.public && e.authorId !== ticket.requesterId && (e.body ?? '').trim() !== '');
  const parts = [`## ${headings.problem}`, '', ticket.description.trim() || ticket.subject, ''];
  if (answer) parts.push(`## ${headings.resolution}`, '', (answer.body ?? '').trim(), '');
  parts.push(`_${headings.source(`T-${ticket.number}`)}_`);
  return { title: ticket.subject.slice(0, 200), body: parts.join('\n'), category: ticket.category, tags: ticket.tags };
}
