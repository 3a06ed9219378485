import { useId, useState, type FormEvent } from 'react';
import { formatTicketNumber, parseTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import { followLink, hrefOf } from '../../common/router';
import { strings } from '../../common/strings';
import { useCustomFields, useOwnedDevices, useRequesterTickets, useTicketsById } from '../local/deskHooks';
import type { Directory } from '../local/hooks';
import { useLocalData } from '../local/LocalDataContext';
import { CcEditor } from './CcEditor';
import { CustomFieldEditors } from './CustomFieldEditors';
import { SuggestedArticles } from './SuggestedArticles';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function TicketLink({ ticket }: { ticket: Ticket }) {
  const ref = formatTicketNumber(ticket.number);
  return (
    <a href={hrefOf(`/queue/${ref}`)} onClick={(e) => followLink(e, `/queue/${ref}`)}>
      <span className="code">{ref}</span> {ticket.subject}
    </a>
  );
}

/**
 * The ticket page's side panel, all from the local database: the requester with their other
 * tickets and devices, cc, custom fields, linked tickets and suggested articles. Edits go to the
 * local ticket through `onChange` and sync like any other field.
 */
export function TicketSide({ ticket, directory, onChange }: { ticket: Ticket; directory: Directory; onChange(patch: Partial<Ticket>): void }) {
  const fields = useCustomFields();
  return (
    <aside className="ticket-side" aria-label={strings.ticketTools.tools}>
      <RequesterPanel ticket={ticket} directory={directory} />
      <CcEditor ticket={ticket} directory={directory} onChange={(cc) => onChange({ cc })} />
      <CustomFieldEditors ticket={ticket} fields={fields} onChange={(customFields) => onChange({ customFields })} />
      <LinkedTickets ticket={ticket} onChange={(linkedIds) => onChange({ linkedIds })} />
      <SuggestedArticles ticket={ticket} />
    </aside>
  );
}

function RequesterPanel({ ticket, directory }: { ticket: Ticket; directory: Directory }) {
  const s = strings.ticketTools;
  const id = useId();
  const requester = directory.users.get(ticket.requesterId);
  const others = useRequesterTickets(ticket.requesterId, ticket.id);
  const devices = useOwnedDevices(ticket.requesterId);
  return (
    <section className="side-section requester-panel" aria-labelledby={`${id}-h`} data-testid="requester-panel">
      <h2 id={`${id}-h`}>{s.requesterPanel}</h2>
      <p className="requester-name">
        <strong>{requester?.name ?? strings.ticket.someone}</strong>
        {requester?.email ? <span className="hint"> {requester.email}</span> : null}
      </p>
      <h3>{s.otherTickets}</h3>
      {others === null ? <p role="status">{strings.loading}</p> : null}
      {others?.length === 0 ? <p className="hint">{s.noOtherTickets}</p> : null}
      {others?.length ? (
        <ul className="side-list" aria-label={s.otherTickets}>
          {others.map((t) => (
            <li key={t.id}>
              <TicketLink ticket={t} />
              <span className="badge">{strings.status[t.status]}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{s.devices}</h3>
      {devices?.length === 0 ? <p className="hint">{s.noDevices}</p> : null}
      {devices?.length ? (
        <ul className="side-list" aria-label={s.devices}>
          {devices.map((d) => (
            <li key={d.id}>
              <span>{d.name}</span>
              <span className="hint">
                {[d.os, d.lastSeenAt ? s.lastSeen(dateFormat.format(new Date(d.lastSeenAt))) : s.neverSeen].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function LinkedTickets({ ticket, onChange }: { ticket: Ticket; onChange(linkedIds: string[]): void }) {
  const s = strings.ticketTools;
  const id = useId();
  const { db } = useLocalData().data;
  const linked = useTicketsById(ticket.linkedIds);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const n = parseTicketNumber(text);
    const other = n === null ? null : await db.tickets.findOne({ selector: { number: n } }).exec();
    if (!other) return setError(s.noSuchTicket);
    if (other.id === ticket.id) return setError(s.notItself);
    setError(null);
    setText('');
    if (!ticket.linkedIds.includes(other.id)) onChange([...ticket.linkedIds, other.id]);
  };
  return (
    <section className="side-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{s.linked}</h2>
      {ticket.linkedIds.length === 0 ? <p className="hint">{s.noLinks}</p> : null}
      {linked?.length ? (
        <ul className="side-list" aria-label={s.linked}>
          {linked.map((t) => (
            <li key={t.id}>
              <TicketLink ticket={t} />
              <button type="button" className="chip-remove" aria-label={s.unlink(formatTicketNumber(t.number))} onClick={() => onChange(ticket.linkedIds.filter((x) => x !== t.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <label htmlFor={`${id}-n`} className="visually-hidden">
          {s.linkTicket}
        </label>
        <input id={`${id}-n`} value={text} placeholder="T-1042" onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-e`} />
        <button type="submit">{s.link}</button>
      </form>
      <p id={`${id}-e`} className={error ? 'field-error' : 'visually-hidden'} role={error ? 'alert' : undefined}>
        {error ?? s.ticketNumberHint}
      </p>
    </section>
  );
}
