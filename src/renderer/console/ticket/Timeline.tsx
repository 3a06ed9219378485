import { useMemo, type ReactNode } from 'react';
import type { FieldChange, TicketEvent } from '../../../shared/domain/ticket';
import { renderMarkdown } from '../../common/markdown';
import { strings } from '../../common/strings';
import type { Directory } from '../local/hooks';
import { SystemLine } from './SystemLine';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A field value as a person reads it: names for people and groups, words for statuses. */
function shown(field: string, value: unknown, directory: Directory): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return strings.ticket.nothing;
  if (field === 'assigneeId' || field === 'requesterId') return directory.users.get(String(value))?.name ?? strings.ticket.someone;
  if (field === 'groupId') return directory.groups.get(String(value))?.name ?? strings.ticket.noGroup;
  if (field === 'status') return strings.status[String(value)] ?? String(value);
  if (field === 'type') return strings.types[String(value)] ?? String(value);
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function ChangeLine({ event, who, directory }: { event: TicketEvent; who: string; directory: Directory }) {
  const s = strings.ticket;
  const parts = (event.changes ?? []).map((c: FieldChange) => s.change(strings.fieldNames[c.field] ?? c.field, shown(c.field, c.from, directory), shown(c.field, c.to, directory)));
  return (
    <li className="event system-line">
      <span>
        {s.changed(who)} {parts.join('; ')}
      </span>
      <time dateTime={event.createdAt}>{timeFormat.format(new Date(event.createdAt))}</time>
    </li>
  );
}

function Message({ event, who, pending, attachments }: { event: TicketEvent; who: string; pending: boolean; attachments?: (ids: readonly string[]) => ReactNode }) {
  const s = strings.ticket;
  const html = useMemo(() => renderMarkdown(event.body ?? ''), [event.body]);
  const note = event.kind === 'note';
  return (
    <li className={`event message ${note ? 'note' : 'reply'}`} aria-label={`${note ? s.noteBadge : s.replyBadge}: ${who}`}>
      <header>
        <strong>{who}</strong>
        <span className={`badge ${note ? 'note-badge' : 'reply-badge'}`}>{note ? s.noteBadge : s.replyBadge}</span>
        {pending ? <span className="badge pending-badge">{s.pending}</span> : null}
        <time dateTime={event.createdAt}>{timeFormat.format(new Date(event.createdAt))}</time>
      </header>
      {/* Sanitised by renderMarkdown (DOMPurify). */}
      <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
      {event.attachmentIds.length && attachments ? attachments(event.attachmentIds) : null}
    </li>
  );
}

/**
 * The conversation: the description, then replies and internal notes (distinct by colour, badge
 * and label) and field changes as compact system lines, oldest first.
 */
export function Timeline({ events, directory, pendingIds, description, requester, openedAt, attachments }: {
  events: readonly TicketEvent[];
  directory: Directory;
  /** Events written here that the server has not taken yet. */
  pendingIds: ReadonlySet<string>;
  description: string;
  requester: string;
  openedAt: string;
  /** Draws an event's attached files (previews need the API client). */
  attachments?: (ids: readonly string[]) => ReactNode;
}) {
  const s = strings.ticket;
  const descriptionHtml = useMemo(() => renderMarkdown(description), [description]);
  const nameOf = (id: string | null) => (id ? (directory.users.get(id)?.name ?? s.someone) : s.system);
  return (
    <ol className="timeline" aria-label={s.timeline}>
      <li className="event message description">
        <header>
          <strong>{requester}</strong>
          <span className="badge">{s.description}</span>
          <time dateTime={openedAt}>{timeFormat.format(new Date(openedAt))}</time>
        </header>
        <div className="markdown" dangerouslySetInnerHTML={{ __html: descriptionHtml }} />
      </li>
      {events.map((e) =>
        e.kind === 'reply' || e.kind === 'note' ? (
          <Message key={e.id} event={e} who={nameOf(e.authorId)} pending={pendingIds.has(e.id)} attachments={attachments} />
        ) : e.kind === 'field_change' ? (
          <ChangeLine key={e.id} event={e} who={nameOf(e.authorId)} directory={directory} />
        ) : e.kind === 'rating' && e.score ? (
          <RatingLine key={e.id} event={e} who={nameOf(e.authorId)} score={e.score} />
        ) : (
          <SystemLine key={e.id} event={e} />
        ),
      )}
    </ol>
  );
}

/** The requester's rating of a resolution: read-only for agents (only the requester rates, from the tray). */
function RatingLine({ event, who, score }: { event: TicketEvent; who: string; score: number }) {
  const r = strings.rating;
  return (
    <li className="event rating-line" aria-label={r.rated(who, score, r.scores[score] ?? '')}>
      <header>
        <span>
          <span className="rating-stars" aria-hidden="true">
            {'★'.repeat(score)}
            {'☆'.repeat(5 - score)}
          </span>{' '}
          {r.rated(who, score, r.scores[score] ?? '')}
        </span>
        <time dateTime={event.createdAt}>{timeFormat.format(new Date(event.createdAt))}</time>
      </header>
      {event.body ? <blockquote className="rating-comment">{event.body}</blockquote> : null}
    </li>
  );
}
