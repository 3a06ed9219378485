import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { formatTicketNumber, type Ticket, type TicketEvent } from '../../shared/domain/ticket';
import type { User } from '../../shared/domain/user';
import type { DirectoryUser } from '../../shared/sync/schemas';
import { ErrorNote, messageOf } from '../common/Field';
import { renderMarkdown } from '../common/markdown';
import { strings } from '../common/strings';
import type { AttachmentOutbox } from './local/outbox';
import type { TrayData } from './local/trayData';
import { useRxQuery } from '../common/useRx';
import { markViewed } from './lastViewed';
import { RateTicket } from './RateTicket';

interface Props {
  ticket: Ticket;
  user: User;
  data: TrayData;
  outbox: AttachmentOutbox;
  onBack(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One request: what was asked, the public conversation, a reply box, reopen and rate once resolved. */
export function TicketView({ ticket, user, data, outbox, onBack }: Props) {
  const s = strings.tray;
  const eventsQuery = useMemo(() => data.db.ticket_events.find({ selector: { ticketId: ticket.id }, sort: [{ createdAt: 'asc' }] }), [data, ticket.id]);
  const usersQuery = useMemo(() => data.db.users.find(), [data]);
  const events = useRxQuery<TicketEvent>(eventsQuery);
  const people = useRxQuery<DirectoryUser>(usersQuery);
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [filesWaiting, setFilesWaiting] = useState(false);
  const replyId = useId();

  const shown = (events ?? []).filter((e) => e.public && (e.kind === 'reply' || statusChangeOf(e) !== null));
  const newest = shown.at(-1)?.createdAt;
  useEffect(() => {
    if (newest) markViewed(user.id, ticket.id, newest);
  }, [newest, user.id, ticket.id]);
  useEffect(() => {
    let live = true;
    void outbox.all().then((items) => live && setFilesWaiting(items.some((i) => i.ticketId === ticket.id)));
    return () => {
      live = false;
    };
  }, [outbox, ticket.id, events]);

  const nameOf = (id: string | null) => (id === user.id ? s.you : (people?.find((p) => p.id === id)?.name ?? s.itSupport));

  const sendReply = async (event: FormEvent) => {
    event.preventDefault();
    if (!reply.trim()) return;
    setError(null);
    try {
      // Written locally and synced: a reply typed offline is sent when the connection is back.
      await data.db.ticket_events.insert({
        id: crypto.randomUUID(),
        ticketId: ticket.id,
        kind: 'reply',
        public: true,
        authorId: user.id,
        body: reply.trim(),
        changes: null,
        attachmentIds: [],
        createdAt: new Date().toISOString(),
      });
      setReply('');
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    }
  };

  const setStatus = async (status: 'open' | 'resolved') => {
    setError(null);
    try {
      const doc = await data.db.tickets.findOne(ticket.id).exec();
      await doc?.incrementalPatch({ status, updatedAt: new Date().toISOString() });
    } catch (err) {
      setError(messageOf(err, strings.genericError));
    }
  };

  return (
    <article className="tray-ticket-view" aria-labelledby="ticket-heading">
      <button type="button" className="link tray-back" onClick={onBack}>
        ← {s.back}
      </button>
      <h1 id="ticket-heading">{ticket.subject}</h1>
      <p className="tray-ticket-meta">
        {ticket.number > 0 ? <span className="code">{formatTicketNumber(ticket.number)}</span> : <span className="tray-unsent">{s.unsent}</span>}
        <span className={`badge status-${ticket.status}`}>{strings.status[ticket.status] ?? ticket.status}</span>
        {filesWaiting ? <span className="hint">{s.attachmentsPending}</span> : null}
      </p>
      <ol className="tray-timeline">
        <li>
          <span className="tray-event-head">
            <strong>{s.yourMessage}</strong>
            <time dateTime={ticket.createdAt}>{dateFormat.format(new Date(ticket.createdAt))}</time>
          </span>
          {ticket.description ? <p className="tray-event-body">{ticket.description}</p> : null}
        </li>
        {shown.map((e) => {
          const change = statusChangeOf(e);
          return (
            <li key={e.id} className={e.authorId === user.id ? 'mine' : 'theirs'}>
              <span className="tray-event-head">
                <strong>{nameOf(e.authorId)}</strong>
                <time dateTime={e.createdAt}>{dateFormat.format(new Date(e.createdAt))}</time>
              </span>
              {change ? (
                <p className="hint">{s.statusChanged(strings.status[change] ?? change)}</p>
              ) : (
                // renderMarkdown sanitises its HTML (DOMPurify); agents write Markdown.
                <div className="tray-event-body markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(e.body ?? '') }} />
              )}
              {e.attachmentIds.length ? <p className="hint tray-attachments">{s.attachments(e.attachmentIds.length)}</p> : null}
            </li>
          );
        })}
      </ol>
      <RateTicket ticket={ticket} user={user} events={events ?? []} data={data} />
      <ErrorNote message={error} />
      {ticket.status === 'closed' ? (
        <p className="hint">{s.closedNote}</p>
      ) : (
        <form onSubmit={(e) => void sendReply(e)} className="tray-reply">
          <div className="field">
            <label htmlFor={replyId}>{s.replyLabel}</label>
            <textarea id={replyId} rows={3} value={reply} maxLength={50_000} onChange={(e) => setReply(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={!reply.trim()}>
              {s.sendReply}
            </button>
            {ticket.status === 'resolved' ? (
              <button type="button" onClick={() => void setStatus('open')}>
                {s.reopen}
              </button>
            ) : (
              <button type="button" className="link" onClick={() => void setStatus('resolved')}>
                {s.markResolved}
              </button>
            )}
          </div>
        </form>
      )}
    </article>
  );
}

/** The new status when an event is a status change shown to the requester, else null. */
function statusChangeOf(e: TicketEvent): string | null {
  if (e.kind !== 'field_change' || !e.changes) return null;
  const change = e.changes.find((c) => c.field === 'status');
  return change && typeof change.to === 'string' ? change.to : null;
}
