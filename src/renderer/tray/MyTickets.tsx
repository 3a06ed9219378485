import { useMemo } from 'react';
import { formatTicketNumber, type Ticket, type TicketEvent } from '../../shared/domain/ticket';
import type { User } from '../../shared/domain/user';
import { strings } from '../common/strings';
import type { AttachmentOutbox } from './local/outbox';
import type { TrayData } from './local/trayData';
import { useRxQuery } from '../common/useRx';
import { lastViewedOf } from './lastViewed';
import { TicketView } from './TicketView';

interface Props {
  user: User;
  data: TrayData;
  outbox: AttachmentOutbox;
  openTicket: string | null;
  onOpen(id: string | null): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The user's own requests from the local database, newest activity first; one opens in place. */
export function MyTickets({ user, data, outbox, openTicket, onOpen }: Props) {
  const s = strings.tray;
  const ticketsQuery = useMemo(() => data.db.tickets.find({ selector: { requesterId: user.id }, sort: [{ updatedAt: 'desc' }] }), [data, user.id]);
  const repliesQuery = useMemo(() => data.db.ticket_events.find({ selector: { kind: 'reply', public: true } }), [data]);
  const tickets = useRxQuery<Ticket>(ticketsQuery);
  const replies = useRxQuery<TicketEvent>(repliesQuery);

  const open = openTicket ? tickets?.find((t) => t.id === openTicket) : undefined;
  if (open) return <TicketView ticket={open} user={user} data={data} outbox={outbox} onBack={() => onOpen(null)} />;

  // A request has news when someone else replied after the user last opened it.
  const newest = new Map<string, string>();
  for (const e of replies ?? []) {
    if (e.authorId !== user.id && e.createdAt > (newest.get(e.ticketId) ?? '')) newest.set(e.ticketId, e.createdAt);
  }

  return (
    <section aria-labelledby="my-tickets">
      <h1 id="my-tickets">{strings.myTickets.heading}</h1>
      {tickets === null ? <p role="status">{strings.loading}</p> : null}
      {tickets?.length === 0 ? <div className="empty-state">{strings.myTickets.empty}</div> : null}
      {tickets && tickets.length > 0 ? (
        <ul className="tray-tickets">
          {tickets.map((t) => {
            const unread = (newest.get(t.id) ?? '') > lastViewedOf(user.id, t.id);
            return (
              <li key={t.id}>
                <button type="button" className="tray-ticket" onClick={() => onOpen(t.id)}>
                  <span className="tray-ticket-subject">
                    {t.subject}
                    {unread ? <span className="badge accent tray-new">{s.newReply}</span> : null}
                  </span>
                  <span className="tray-ticket-meta">
                    {t.number > 0 ? <span className="code">{formatTicketNumber(t.number)}</span> : <span className="tray-unsent">{s.unsent}</span>}
                    <span className={`badge status-${t.status}`}>{strings.status[t.status] ?? t.status}</span>
                    <time dateTime={t.updatedAt}>{dateFormat.format(new Date(t.updatedAt))}</time>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
