import type { TandemClient } from '../../shared/api/client';
import { TicketList } from '../../shared/api/tickets';
import { Brand } from '../common/Brand';
import { ErrorNote } from '../common/Field';
import { SignInForm } from '../common/SignInForm';
import { formatTicketNumber, type Ticket } from '../../shared/domain/ticket';
import { useSignedInUser } from '../common/session';
import { strings } from '../common/strings';
import { useApi } from '../common/useApi';

/** The tray popover: sign in, then the user's own requests. */
export function TrayApp({ client }: { client: TandemClient }) {
  const user = useSignedInUser(client);
  if (!user) {
    return (
      <main className="tray">
        <Brand label={strings.trayTitle} />
        <SignInForm client={client} />
      </main>
    );
  }
  return (
    <main className="tray">
      <header className="tray-header">
        <Brand label={strings.trayTitle} />
        <button type="button" onClick={() => void client.signOut()}>
          {strings.frame.signOut}
        </button>
      </header>
      <MyTickets client={client} />
    </main>
  );
}

function MyTickets({ client }: { client: TandemClient }) {
  const s = strings.myTickets;
  const [tickets] = useApi(() => client.get('/api/tickets?limit=50', TicketList), 'tickets');
  return (
    <section aria-labelledby="my-tickets">
      <h1 id="my-tickets">{s.heading}</h1>
      {tickets.state === 'loading' ? <p role="status">{strings.loading}</p> : null}
      {tickets.state === 'failed' ? (
        tickets.error.status === 404 ? <div className="empty-state">{s.empty}</div> : <ErrorNote message={tickets.error.message} />
      ) : null}
      {tickets.state === 'ready' ? (
        tickets.data.items.length === 0 ? (
          <div className="empty-state">{s.empty}</div>
        ) : (
          <RequestList tickets={tickets.data.items} />
        )
      ) : null}
    </section>
  );
}

/** The popover is narrow: one line per request instead of a table. */
function RequestList({ tickets }: { tickets: readonly Ticket[] }) {
  return (
    <ul className="tray-tickets">
      {tickets.map((t) => (
        <li key={t.id}>
          <span className="tray-ticket-subject">{t.subject}</span>
          <span className="tray-ticket-meta">
            <span className="code">{formatTicketNumber(t.number)}</span>
            <span className="badge">{strings.status[t.status] ?? t.status}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
