import { useId, useState, type FormEvent } from 'react';
import { MergeTicketResponse, SplitTicketResponse } from '../../../shared/api/tickets';
import type { TandemClient } from '../../../shared/api/client';
import { formatTicketNumber, parseTicketNumber, type Ticket, type TicketEvent } from '../../../shared/domain/ticket';
import { ErrorNote, messageOf } from '../../common/Field';
import { navigate } from '../../common/router';
import { strings } from '../../common/strings';
import { useLocalData } from '../local/LocalDataContext';

type Open = 'merge' | 'split' | null;

/**
 * Merge, split, and "write an article from this ticket". Merge and split change two tickets at
 * once on the server (events move between them), so unlike field edits they need a connection;
 * the result comes back to every device through sync.
 */
export function TicketTools({ ticket, events, client, offline }: { ticket: Ticket; events: readonly TicketEvent[] | null; client: TandemClient; offline: boolean }) {
  const s = strings.ticketTools;
  const [open, setOpen] = useState<Open>(null);
  const toggle = (which: Open) => setOpen((o) => (o === which ? null : which));
  const ref = formatTicketNumber(ticket.number);
  return (
    <div className="ticket-tools">
      <div className="actions" role="group" aria-label={s.tools}>
        <button type="button" aria-expanded={open === 'merge'} onClick={() => toggle('merge')}>
          {s.merge}…
        </button>
        <button type="button" aria-expanded={open === 'split'} onClick={() => toggle('split')}>
          {s.split}…
        </button>
        <button type="button" onClick={() => navigate(`/knowledge/new?ticket=${ref}`)}>
          {strings.kb.createFromTicket}
        </button>
      </div>
      {open === 'merge' ? <MergePanel ticket={ticket} client={client} offline={offline} onClose={() => setOpen(null)} /> : null}
      {open === 'split' ? <SplitPanel ticket={ticket} events={events ?? []} client={client} offline={offline} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function MergePanel({ ticket, client, offline, onClose }: { ticket: Ticket; client: TandemClient; offline: boolean; onClose(): void }) {
  const s = strings.ticketTools;
  const id = useId();
  const { db } = useLocalData().data;
  const [text, setText] = useState('');
  const [target, setTarget] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    const n = parseTicketNumber(text);
    const doc = n === null ? null : await db.tickets.findOne({ selector: { number: n } }).exec();
    if (!doc) return setError(s.noSuchTicket);
    if (doc.id === ticket.id) return setError(s.notItself);
    setError(null);
    setTarget(doc.toJSON() as Ticket);
  };
  const merge = async () => {
    if (!target) return;
    setBusy(true);
    try {
      const res = await client.post(`/api/tickets/${ticket.id}/merge`, { targetId: target.id }, MergeTicketResponse);
      navigate(`/queue/${formatTicketNumber(res.target.number)}`);
    } catch (err) {
      setError(messageOf(err, s.onlineOnly));
      setBusy(false);
    }
  };
  return (
    <section className="tool-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{s.mergeInto}</h2>
      <p className="hint">{s.mergeHint}</p>
      {offline ? <p className="hint">{s.onlineOnly}</p> : null}
      <form className="inline-form" onSubmit={(e) => void find(e)}>
        <label htmlFor={`${id}-n`}>{s.ticketNumber}</label>
        <input id={`${id}-n`} value={text} placeholder="T-1042" onChange={(e) => { setText(e.target.value); setTarget(null); }} />
        <button type="submit">{s.find}</button>
      </form>
      {error ? <ErrorNote message={error} /> : null}
      {target ? (
        <div className="actions">
          <button type="button" className="primary" disabled={busy || offline} onClick={() => void merge()}>
            {busy ? s.working : s.mergeConfirm(formatTicketNumber(ticket.number), `${formatTicketNumber(target.number)} (${target.subject})`)}
          </button>
          <button type="button" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function SplitPanel({ ticket, events, client, offline, onClose }: { ticket: Ticket; events: readonly TicketEvent[]; client: TandemClient; offline: boolean; onClose(): void }) {
  const s = strings.ticketTools;
  const id = useId();
  const messages = events.filter((e) => e.kind === 'reply' || e.kind === 'note');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [subject, setSubject] = useState(ticket.subject);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (eventId: string) =>
    setChosen((c) => {
      const next = new Set(c);
      if (!next.delete(eventId)) next.add(eventId);
      return next;
    });
  const split = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.size === 0) return setError(s.splitNone);
    setBusy(true);
    try {
      const res = await client.post(`/api/tickets/${ticket.id}/split`, { eventIds: [...chosen], subject: subject.trim() || ticket.subject }, SplitTicketResponse);
      navigate(`/queue/${formatTicketNumber(res.created.number)}`);
    } catch (err) {
      setError(messageOf(err, s.onlineOnly));
      setBusy(false);
    }
  };
  return (
    <section className="tool-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{s.splitHeading}</h2>
      <p className="hint">{s.splitHint}</p>
      {offline ? <p className="hint">{s.onlineOnly}</p> : null}
      {messages.length === 0 ? (
        <p>{s.noMessages}</p>
      ) : (
        <form onSubmit={(e) => void split(e)}>
          <fieldset className="split-choices">
            <legend className="visually-hidden">{s.splitHeading}</legend>
            {messages.map((m) => (
              <label key={m.id} className="split-choice">
                <input type="checkbox" checked={chosen.has(m.id)} onChange={() => toggle(m.id)} />
                <span className={`badge ${m.kind === 'note' ? 'note-badge' : 'reply-badge'}`}>{m.kind === 'note' ? strings.ticket.noteBadge : strings.ticket.replyBadge}</span>
                <span className="split-excerpt">{(m.body ?? '').slice(0, 140)}</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-subject`}>{s.splitSubject}</label>
            <input id={`${id}-subject`} value={subject} maxLength={250} onChange={(e) => setSubject(e.target.value)} />
          </div>
          {error ? <ErrorNote message={error} /> : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || offline}>
              {busy ? s.working : s.splitConfirm}
            </button>
            <button type="button" onClick={onClose}>
              {s.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
