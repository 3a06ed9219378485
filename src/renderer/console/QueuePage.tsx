import type { TandemClient } from '../../shared/api/client';
import { TicketList } from '../../shared/api/tickets';
import { ErrorNote } from '../common/Field';
import { strings } from '../common/strings';
import { useApi } from '../common/useApi';
import { TicketTable } from '../common/TicketTable';

/** The agent's ticket queue: the first 50 tickets in scope, newest activity first. */
export function QueuePage({ client }: { client: TandemClient }) {
  const s = strings.queue;
  const [tickets] = useApi(() => client.get('/api/tickets?limit=50', TicketList), 'tickets');
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{s.heading}</h1>
      {tickets.state === 'loading' ? <p role="status">{strings.loading}</p> : null}
      {tickets.state === 'failed' ? (
        tickets.error.status === 404 ? (
          <div className="empty-state">{s.unavailable}</div>
        ) : (
          <ErrorNote message={tickets.error.message} />
        )
      ) : null}
      {tickets.state === 'ready' ? (
        tickets.data.items.length === 0 ? (
          <div className="empty-state">{s.empty}</div>
        ) : (
          <>
            <TicketTable caption={s.caption} tickets={tickets.data.items} />
            {tickets.data.nextCursor ? <p className="hint">{s.more}</p> : null}
          </>
        )
      ) : null}
    </section>
  );
}

