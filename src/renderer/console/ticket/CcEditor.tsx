import { useId, useState } from 'react';
import type { Ticket } from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';
import type { Directory } from '../local/hooks';

/** The people in cc: each can be removed, anyone in the directory added (max 50, as the server says). */
export function CcEditor({ ticket, directory, onChange }: { ticket: Ticket; directory: Directory; onChange(cc: string[]): void }) {
  const s = strings.ticketTools;
  const id = useId();
  const [choice, setChoice] = useState('');
  const candidates = [...directory.users.values()]
    .filter((u) => u.active && u.id !== ticket.requesterId && !ticket.cc.includes(u.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  const add = () => {
    if (!choice) return;
    onChange([...ticket.cc, choice].slice(0, 50));
    setChoice('');
  };
  return (
    <section className="side-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{s.cc}</h2>
      {ticket.cc.length === 0 ? <p className="hint">{s.ccNone}</p> : null}
      <ul className="chip-list" aria-label={s.ccLabel}>
        {ticket.cc.map((uid) => {
          const name = directory.users.get(uid)?.name ?? strings.ticket.someone;
          return (
            <li key={uid} className="chip">
              {name}
              <button type="button" className="chip-remove" aria-label={s.ccRemove(name)} onClick={() => onChange(ticket.cc.filter((x) => x !== uid))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <div className="inline-form">
        <label htmlFor={`${id}-add`} className="visually-hidden">
          {s.ccAdd}
        </label>
        <select id={`${id}-add`} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{s.ccChoose}</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={add} disabled={!choice}>
          {s.add}
        </button>
      </div>
    </section>
  );
}
