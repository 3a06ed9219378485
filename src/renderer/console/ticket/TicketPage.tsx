import { useRef } from 'react';
import { formatTicketNumber, parseTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import type { TandemClient } from '../../../shared/api/client';
import type { User } from '../../../shared/domain/user';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { useDirectory, useSyncStatus, useTicketByNumber, useTicketEvents, useUnsentEventIds } from '../local/hooks';
import { TicketRemoteSession } from '../remote/RemoteSessionButton';
import { useLocalData } from '../local/LocalDataContext';
import { useShortcuts } from '../useShortcuts';
import { Composer, type ComposerHandle, type ComposerKind } from './Composer';
import { draftEvent } from './ticketEdits';
import { TicketFields } from './TicketFields';
import { Timeline } from './Timeline';
import { PresenceBar } from './PresenceBar';
import { TicketSide } from './TicketSide';
import { TicketTools } from './TicketTools';
import './side.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * One ticket from the local database: editable header fields, the conversation, and the composer.
 * Every write goes to the local database first and syncs from there, so all of it works offline;
 * a change the server refuses appears in the frame's notices.
 */
export function TicketPage({ reference, user, client }: { reference: string; user: User; client: TandemClient }) {
  const number = parseTicketNumber(reference) ?? -1;
  const ticket = useTicketByNumber(number);
  if (ticket === undefined) return <p role="status">{strings.ticket.loading}</p>;
  if (ticket === null) {
    return (
      <section aria-labelledby="section-heading">
        <h1 id="section-heading">{reference}</h1>
        <div className="empty-state">{strings.ticket.notHere}</div>
        <BackLink />
      </section>
    );
  }
  return <TicketView ticket={ticket} user={user} client={client} />;
}

function BackLink() {
  return (
    <a href={hrefOf('/queue')} onClick={(e) => followLink(e, '/queue')} className="back-link">
      ← {strings.ticket.back}
    </a>
  );
}

function TicketView({ ticket, user, client }: { ticket: Ticket; user: User; client: TandemClient }) {
  const s = strings.ticket;
  const { data } = useLocalData();
  const directory = useDirectory();
  const events = useTicketEvents(ticket.id);
  const unsent = useUnsentEventIds();
  const status = useSyncStatus();
  const composer = useRef<ComposerHandle>(null);

  useShortcuts({ r: () => composer.current?.start('reply'), n: () => composer.current?.start('note') });

  const change = async (patch: Partial<Ticket>) => {
    const doc = await data.db.tickets.findOne(ticket.id).exec();
    await doc?.incrementalPatch(patch);
  };
  const send = async (kind: ComposerKind, body: string) => {
    const event = draftEvent({ ticketId: ticket.id, kind, body, authorId: user.id, now: new Date() });
    data.noteUnsentEvent(event.id);
    await data.db.ticket_events.insert(event);
  };
  const requester = directory.users.get(ticket.requesterId);

  return (
    <article aria-labelledby="section-heading" className="ticket-page with-side">
      <BackLink />
      <header className="ticket-head">
        <h1 id="section-heading">
          <span className="code ticket-number">{formatTicketNumber(ticket.number)}</span> {ticket.subject}
        </h1>
        <p className="hint">
          {s.requester}: {requester?.name ?? s.someone}
          {requester?.email ? ` <${requester.email}>` : ''} · {s.created} <time dateTime={ticket.createdAt}>{dateFormat.format(new Date(ticket.createdAt))}</time>
        </p>
        <TicketFields ticket={ticket} directory={directory} onChange={(patch) => void change(patch)} />
        <TicketRemoteSession client={client} requesterId={ticket.requesterId} ticketId={ticket.id} />
        <PresenceBar ticketId={ticket.id} userId={user.id} />
        <TicketTools ticket={ticket} events={events} client={client} offline={status.connection === 'offline'} />
      </header>
      <TicketSide ticket={ticket} directory={directory} onChange={(patch) => void change(patch)} />
      <h2 className="visually-hidden">{s.timeline}</h2>
      {events === null ? (
        <p role="status">{strings.loading}</p>
      ) : (
        <Timeline
          events={events}
          directory={directory}
          pendingIds={unsent}
          description={ticket.description}
          requester={requester?.name ?? s.someone}
          openedAt={ticket.createdAt}
        />
      )}
      <Composer ref={composer} onSend={send} offline={status.connection === 'offline'} />
    </article>
  );
}
