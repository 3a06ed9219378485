import { useId, useState } from 'react';
import type { CustomFieldDefinition, CustomFieldValues, Ticket } from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';

const applies = (def: CustomFieldDefinition, ticket: Ticket) => (def.ticketTypes ?? []).length === 0 || def.ticketTypes.includes(ticket.type);

/**
 * Editors for the custom fields that apply to this ticket's type. A change is handed over as one
 * key (null clears it); the server checks it against the definition and says why if it refuses.
 */
export function CustomFieldEditors({ ticket, fields, onChange }: { ticket: Ticket; fields: readonly CustomFieldDefinition[]; onChange(values: CustomFieldValues): void }) {
  const s = strings.ticketTools;
  const id = useId();
  const shown = fields.filter((f) => applies(f, ticket));
  if (shown.length === 0) return null;
  const set = (key: string, value: string | number | boolean | null) => {
    const next: CustomFieldValues = { ...ticket.customFields };
    if (value === null || value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <section className="side-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{s.customFields}</h2>
      {shown.map((f) => (
        // Keyed by the stored value too: a change synced from elsewhere restarts the editor with it.
        <FieldEditor key={`${f.key}:${String(ticket.customFields[f.key] ?? '')}`} def={f} value={ticket.customFields[f.key] ?? null} onCommit={(v) => set(f.key, v)} />
      ))}
    </section>
  );
}

function FieldEditor({ def, value, onCommit }: { def: CustomFieldDefinition; value: string | number | boolean | null; onCommit(v: string | number | boolean | null): void }) {
  const s = strings.ticketTools;
  const id = useId();
  const [text, setText] = useState(value === null ? '' : String(value));
  const label = (
    <label htmlFor={id}>
      {def.label}
      {def.required ? ' *' : ''}
    </label>
  );
  const commitText = () => {
    if (text === (value === null ? '' : String(value))) return;
    if (def.type === 'number') onCommit(text.trim() === '' ? null : Number(text));
    else onCommit(text.trim() === '' ? null : text.trim());
  };
  switch (def.type) {
    case 'select':
      return (
        <div className="field">
          {label}
          <select id={id} value={value === null ? '' : String(value)} onChange={(e) => onCommit(e.target.value || null)} aria-required={def.required}>
            <option value="">{s.notSet}</option>
            {def.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      );
    case 'boolean':
      return (
        <div className="field">
          {label}
          <select id={id} value={value === null ? '' : value ? 'yes' : 'no'} onChange={(e) => onCommit(e.target.value === '' ? null : e.target.value === 'yes')}>
            <option value="">{s.notSet}</option>
            <option value="yes">{s.yes}</option>
            <option value="no">{s.no}</option>
          </select>
        </div>
      );
    default:
      return (
        <div className="field">
          {label}
          <input
            id={id}
            type={def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text'}
            value={text}
            aria-required={def.required}
            onChange={(e) => {
              setText(e.target.value);
              if (def.type === 'date') onCommit(e.target.value || null);
            }}
            onBlur={def.type === 'date' ? undefined : commitText}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitText();
            }}
          />
        </div>
      );
  }
}
