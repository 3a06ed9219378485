import { useState, type FormEvent } from 'react';
import { QUEUE_COLUMNS, type QueueColumn } from '../../../shared/domain/presets';
import { strings } from '../../common/strings';
import { DialogActions } from '../DialogActions';
import { Modal } from '../Modal';

interface SaveViewDialogProps {
  /** Whether this agent may share views (the permission table's views.share). */
  mayShare: boolean;
  columns: readonly QueueColumn[];
  onSave(input: { name: string; shared: boolean; columns: QueueColumn[] }): Promise<void>;
  onClose(): void;
}

/** Names the queue as shown (filters and sort) as a custom view, with the columns to show. */
export function SaveViewDialog({ mayShare, columns, onSave, onClose }: SaveViewDialogProps) {
  const v = strings.tools.views;
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [chosen, setChosen] = useState<QueueColumn[]>([...columns]);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(v.name);
    if (chosen.length === 0) return setError(v.columns);
    try {
      await onSave({ name, shared, columns: QUEUE_COLUMNS.filter((c) => chosen.includes(c)) });
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : strings.genericError);
    }
  };
  return (
    <Modal label={v.heading} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="dialog-form">
        <h2>{v.heading}</h2>
        <div className="field">
          <label htmlFor="view-name">{v.name}</label>
          <input id="view-name" autoFocus value={name} maxLength={80} onChange={(e) => setName(e.target.value)} aria-invalid={error === v.name ? true : undefined} />
        </div>
        <fieldset className="column-choice">
          <legend>{v.columns}</legend>
          {QUEUE_COLUMNS.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => setChosen((cs) => (e.target.checked ? [...cs, c] : cs.filter((x) => x !== c)))} />
              {strings.tools.columns[c]}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={shared} disabled={!mayShare} onChange={(e) => setShared(e.target.checked)} aria-describedby="view-shared-hint" />
          {v.shared}
        </label>
        <p id="view-shared-hint" className="hint">
          {v.sharedHint}
        </p>
        <DialogActions error={error} cancelLabel={v.cancel} onCancel={onClose} confirmLabel={v.saveButton} />
      </form>
    </Modal>
  );
}
