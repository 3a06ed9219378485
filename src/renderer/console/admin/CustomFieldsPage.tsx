import { useId, useState, type FormEvent } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import { OkResponse } from '../../../shared/api/auth';
import { CustomFieldList } from '../../../shared/api/tickets';
import {
  CUSTOM_FIELD_TYPES,
  CustomFieldDefinition,
  TICKET_TYPES,
  type TicketType,
} from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';
import { useApi } from '../../common/useApi';
import { AdminTable, useAdminAction } from './adminKit';

type FieldType = (typeof CUSTOM_FIELD_TYPES)[number];
interface FormState {
  key: string;
  label: string;
  type: FieldType;
  options: string;
  required: boolean;
  ticketTypes: TicketType[];
}
const BLANK: FormState = { key: '', label: '', type: 'text', options: '', required: false, ticketTypes: [] };
const optionsOf = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean),
  ),
];

/**
 * Admin → Custom fields: define text, number, yes/no, select and date fields, whether each is
 * required, and which ticket types it applies to. Definitions reach every console through sync
 * (the `reference` collection); the server checks every ticket's values against them.
 */
export function CustomFieldsPage({ client }: { client: TandemClient }) {
  const s = strings.admin;
  const [fields, reload] = useApi(() => client.get('/api/custom-fields', CustomFieldList), 'custom-fields');
  const [editing, setEditing] = useState<string | null>(null);
  const action = useAdminAction();
  const run = async (work: () => Promise<unknown>) => {
    const ok = await action.run(work);
    if (ok) reload();
    return ok;
  };
  const create = (f: FormState) =>
    run(() =>
      client.post(
        '/api/custom-fields',
        {
          key: f.key.trim(),
          label: f.label.trim(),
          type: f.type,
          options: f.type === 'select' ? optionsOf(f.options) : [],
          required: f.required,
          ticketTypes: f.ticketTypes,
        },
        CustomFieldDefinition,
      ),
    );
  const update = (f: FormState) =>
    run(() =>
      client.patch(
        `/api/custom-fields/${f.key}`,
        {
          label: f.label.trim(),
          required: f.required,
          ticketTypes: f.ticketTypes,
          ...(f.type === 'select' ? { options: optionsOf(f.options) } : {}),
        },
        CustomFieldDefinition,
      ),
    ).then((ok) => ok && setEditing(null));
  const remove = (f: CustomFieldDefinition) => {
    if (window.confirm(s.removeField(f.label)))
      void run(() => client.delete(`/api/custom-fields/${f.key}`, OkResponse));
  };

  return (
    <section aria-labelledby="section-heading" className="admin-section">
      <h1 id="section-heading">
        {strings.nav.admin} · {s.fieldsHeading}
      </h1>
      <p className="hint">{s.fieldsIntro}</p>
      {action.notes}
      <AdminTable
        result={fields}
        caption={s.fieldsHeading}
        columns={[s.fieldLabel, s.fieldKey, s.fieldType, s.fieldRequired, s.fieldTypes, s.actions]}
        empty={s.fieldsEmpty}
      >
        {(items) =>
          items.map((f) => (
            <tr key={f.key}>
              <td>{f.label}</td>
              <td>
                <code>{f.key}</code>
              </td>
              <td>
                {s.typeNames[f.type] ?? f.type}
                {f.options.length ? <span className="hint"> ({f.options.join(', ')})</span> : null}
              </td>
              <td>{f.required ? s.yes : s.no}</td>
              <td>
                {(f.ticketTypes ?? []).length
                  ? f.ticketTypes.map((t) => strings.types[t] ?? t).join(', ')
                  : s.allTypes}
              </td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    aria-expanded={editing === f.key}
                    onClick={() => setEditing((k) => (k === f.key ? null : f.key))}
                  >
                    {s.edit}
                    <span className="visually-hidden"> {f.label}</span>
                  </button>
                  <button type="button" onClick={() => remove(f)}>
                    {s.remove}
                    <span className="visually-hidden"> {f.label}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))
        }
      </AdminTable>
      {editing && fields.state === 'ready'
        ? (() => {
            const f = fields.data.items.find((x) => x.key === editing);
            return f ? (
              <FieldForm
                key={f.key}
                heading={`${s.edit}: ${f.label}`}
                initial={{
                  key: f.key,
                  label: f.label,
                  type: f.type,
                  options: f.options.join('\n'),
                  required: f.required,
                  ticketTypes: f.ticketTypes ?? [],
                }}
                existing
                submitLabel={s.save}
                onSubmit={update}
                onCancel={() => setEditing(null)}
              />
            ) : null;
          })()
        : null}
      <FieldForm heading={s.newField} initial={BLANK} submitLabel={s.addField} onSubmit={create} />
    </section>
  );
}

function FieldForm({
  heading,
  initial,
  existing,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  heading: string;
  initial: FormState;
  /** The key and type of a field cannot change once it exists (stored values would break). */
  existing?: boolean;
  submitLabel: string;
  onSubmit(f: FormState): Promise<boolean | void>;
  onCancel?(): void;
}) {
  const s = strings.admin;
  const id = useId();
  const [f, setF] = useState<FormState>(initial);
  const set = (patch: Partial<FormState>) => setF((x) => ({ ...x, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await onSubmit(f);
    if (ok && !existing) setF(BLANK);
  };
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{heading}</h2>
      {!existing ? (
        <div className="field">
          <label htmlFor={`${id}-key`}>{s.fieldKey}</label>
          <input
            id={`${id}-key`}
            value={f.key}
            maxLength={40}
            pattern="[a-z][a-z0-9_]*"
            required
            onChange={(e) => set({ key: e.target.value })}
            aria-describedby={`${id}-key-hint`}
          />
          <p className="hint" id={`${id}-key-hint`}>
            {s.fieldKeyHint}
          </p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-label`}>{s.fieldLabel}</label>
        <input
          id={`${id}-label`}
          value={f.label}
          maxLength={80}
          required
          onChange={(e) => set({ label: e.target.value })}
        />
      </div>
      {!existing ? (
        <div className="field">
          <label htmlFor={`${id}-type`}>{s.fieldType}</label>
          <select
            id={`${id}-type`}
            value={f.type}
            onChange={(e) => set({ type: e.target.value as FieldType })}
          >
            {CUSTOM_FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {s.typeNames[t] ?? t}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {f.type === 'select' ? (
        <div className="field">
          <label htmlFor={`${id}-options`}>{s.fieldOptions}</label>
          <textarea
            id={`${id}-options`}
            rows={4}
            value={f.options}
            onChange={(e) => set({ options: e.target.value })}
            aria-describedby={`${id}-options-hint`}
          />
          <p className="hint" id={`${id}-options-hint`}>
            {s.fieldOptionsHint}
          </p>
        </div>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={f.required} onChange={(e) => set({ required: e.target.checked })} />{' '}
        {s.fieldRequired}
      </label>
      <fieldset>
        <legend>{s.fieldTypes}</legend>
        <p className="hint">{s.fieldTypesHint}</p>
        <div className="check-grid">
          {TICKET_TYPES.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={f.ticketTypes.includes(t)}
                onChange={(e) =>
                  set({
                    ticketTypes: e.target.checked
                      ? [...f.ticketTypes, t]
                      : f.ticketTypes.filter((x) => x !== t),
                  })
                }
              />
              {strings.types[t] ?? t}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={!f.label.trim() || (!existing && !f.key.trim())}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {s.cancel}
          </button>
        ) : null}
      </div>
    </form>
  );
}
