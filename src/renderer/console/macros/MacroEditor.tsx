import { useState, type FormEvent } from 'react';
import { Tag } from '../../../shared/domain/common';
import { MacroDefinition, type Macro } from '../../../shared/domain/presets';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';
import { DialogActions } from '../DialogActions';
import type { Directory } from '../local/hooks';
import { parseTags } from '../ticket/ticketEdits';
import { PLACEHOLDERS } from './placeholders';

interface MacroEditorProps {
  macro: Macro | null;
  mayShare: boolean;
  directory: Directory;
  onSave(definition: MacroDefinition): Promise<void>;
  onCancel(): void;
}

const tagsOf = (text: string) => parseTags(text).filter((t) => Tag.safeParse(t).success).slice(0, 10);

/** Writes or changes a macro: its message (with placeholders) and the fields it sets. */
export function MacroEditor({ macro, mayShare, directory, onSave, onCancel }: MacroEditorProps) {
  const m = strings.tools.macros;
  const [name, setName] = useState(macro?.name ?? '');
  const [body, setBody] = useState(macro?.body ?? '');
  const [messageKind, setMessageKind] = useState<'reply' | 'note'>(macro?.messageKind ?? 'reply');
  const [shared, setShared] = useState(macro?.shared ?? false);
  const [status, setStatus] = useState(macro?.actions.status ?? '');
  const [priority, setPriority] = useState(macro?.actions.priority ?? '');
  const [group, setGroup] = useState(macro?.actions.groupId === undefined ? 'keep' : (macro.actions.groupId ?? 'none'));
  const [assignee, setAssignee] = useState(macro?.actions.assigneeId === undefined ? 'keep' : (macro.actions.assigneeId ?? 'none'));
  const [addTags, setAddTags] = useState((macro?.actions.addTags ?? []).join(', '));
  const [removeTags, setRemoveTags] = useState((macro?.actions.removeTags ?? []).join(', '));
  const [error, setError] = useState<string | null>(null);
  const agents = [...directory.users.values()].filter((u) => u.role !== 'end_user' && u.active).sort((a, b) => a.name.localeCompare(b.name));
  const groups = [...directory.groups.values()].sort((a, b) => a.name.localeCompare(b.name));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = {
      name,
      shared,
      body,
      messageKind,
      actions: {
        ...(status ? { status } : {}),
        ...(priority ? { priority } : {}),
        ...(group !== 'keep' ? { groupId: group === 'none' ? null : group } : {}),
        ...(assignee !== 'keep' ? { assigneeId: assignee === 'none' ? null : assignee } : {}),
        ...(tagsOf(addTags).length ? { addTags: tagsOf(addTags) } : {}),
        ...(tagsOf(removeTags).length ? { removeTags: tagsOf(removeTags) } : {}),
      },
    };
    const parsed = MacroDefinition.safeParse(candidate);
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join(' '));
    try {
      await onSave(parsed.data);
    } catch (err) {
      setError(err instanceof Error ? err.message : strings.genericError);
    }
  };

  return (
    <form className="macro-editor card" onSubmit={(e) => void submit(e)} aria-labelledby="macro-editor-heading">
      <h2 id="macro-editor-heading">{macro ? `${m.edit}: ${macro.name}` : m.new}</h2>
      <div className="field">
        <label htmlFor="macro-name">{m.name}</label>
        <input id="macro-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="macro-body">{m.body}</label>
        <textarea id="macro-body" rows={6} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby="macro-body-hint" />
        <p id="macro-body-hint" className="hint">
          {m.bodyHint} {PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}
        </p>
      </div>
      <fieldset className="inline-choice">
        <legend>{m.messageKind}</legend>
        <label>
          <input type="radio" name="macro-kind" checked={messageKind === 'reply'} onChange={() => setMessageKind('reply')} /> {m.reply}
        </label>
        <label>
          <input type="radio" name="macro-kind" checked={messageKind === 'note'} onChange={() => setMessageKind('note')} /> {m.note}
        </label>
      </fieldset>
      <fieldset className="macro-actions">
        <legend>{m.sets}</legend>
        <div className="field">
          <label htmlFor="macro-status">{m.setStatus}</label>
          <select id="macro-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{m.keep}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {strings.status[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="macro-priority">{m.setPriority}</label>
          <select id="macro-priority" value={priority} onChange={(e) => setPriority(e.target.value as typeof priority)}>
            <option value="">{m.keep}</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="macro-group">{m.setGroup}</label>
          <select id="macro-group" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="keep">{m.keep}</option>
            <option value="none">{m.noGroup}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="macro-assignee">{m.setAssignee}</label>
          <select id="macro-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="keep">{m.keep}</option>
            <option value="me">{m.me}</option>
            <option value="none">{m.nobody}</option>
            {agents.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="macro-add-tags">{m.addTags}</label>
          <input id="macro-add-tags" value={addTags} onChange={(e) => setAddTags(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="macro-remove-tags">{m.removeTags}</label>
          <input id="macro-remove-tags" value={removeTags} onChange={(e) => setRemoveTags(e.target.value)} />
        </div>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={shared} disabled={!mayShare || macro !== null} onChange={(e) => setShared(e.target.checked)} aria-describedby="macro-shared-hint" /> {m.shared}
      </label>
      <p id="macro-shared-hint" className="hint">
        {m.sharedOnlyAdmins}
      </p>
      <DialogActions error={error} cancelLabel={m.cancel} onCancel={onCancel} confirmLabel={m.save} />
    </form>
  );
}
