import { formatTicketNumber, type Ticket } from '../../shared/domain/ticket';
import { strings } from './strings';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A read-only table of tickets: number, subject, status, priority, last update. */
export function TicketTable({ caption, tickets }: { caption: string; tickets: readonly Ticket[] }) {
  const s = strings.queue;
  return (
    // Focusable so keyboard users can scroll it when it is wider than the window.
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s.number}</th>
            <th scope="col">{s.subject}</th>
            <th scope="col">{s.status}</th>
            <th scope="col">{s.priority}</th>
            <th scope="col">{s.updated}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr key={t.id}>
              <td className="code">{formatTicketNumber(t.number)}</td>
              <td>{t.subject}</td>
              <td>
                <span className={`badge status-${t.status}`}>{strings.status[t.status] ?? t.status}</span>
              </td>
              <td>{t.priority}</td>
              <td>
                <time dateTime={t.updatedAt}>{dateFormat.format(new Date(t.updatedAt))}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
