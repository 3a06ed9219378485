import { useState } from 'react';
import { formatTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import { strings } from '../../common/strings';
import { DialogActions } from '../DialogActions';
import { Modal } from '../Modal';

interface MergeDialogProps {
  tickets: readonly Ticket[];
  onMerge(target: Ticket, sources: Ticket[]): Promise<void>;
  onClose(): void;
}

/** Picks which of the ticked tickets stays; the others merge into it (a server operation). */
export function MergeDialog({ tickets, onMerge, onClose }: MergeDialogProps) {
  const b = strings.tools.bulk;
  // The oldest ticket usually holds the history, so it is the suggestion.
  const [targetId, setTargetId] = useState(() => [...tickets].sort((a, c) => a.number - c.number)[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = tickets.find((t) => t.id === targetId);
  const merge = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await onMerge(target, tickets.filter((t) => t.id !== target.id));
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : strings.genericError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal label={b.mergeHeading} onClose={onClose}>
      <div className="dialog-form">
        <h2>{b.mergeHeading}</h2>
        <p>{b.mergeIntro}</p>
        <fieldset className="merge-choice">
          <legend>{b.mergeInto}</legend>
          {tickets.map((t) => (
            <label key={t.id}>
              <input type="radio" name="merge-target" checked={t.id === targetId} onChange={() => setTargetId(t.id)} />
              <span className="code">{formatTicketNumber(t.number)}</span> {t.subject}
            </label>
          ))}
        </fieldset>
        <DialogActions
          error={error}
          cancelLabel={b.cancel}
          onCancel={onClose}
          confirmLabel={b.mergeConfirm(tickets.length - 1, target ? formatTicketNumber(target.number) : '')}
          onConfirm={() => void merge()}
          confirmDisabled={busy || !target}
        />
      </div>
    </Modal>
  );
}
