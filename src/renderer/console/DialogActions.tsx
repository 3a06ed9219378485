import { ErrorNote } from '../common/Field';

interface DialogActionsProps {
  /** The last attempt's error, shown above the buttons; null when there is none. */
  error: string | null;
  cancelLabel: string;
  onCancel(): void;
  confirmLabel: string;
  /** Without it the primary button submits the dialog's form. */
  onConfirm?: () => void;
  confirmDisabled?: boolean;
}

/** A dialog's foot: its error if the last try failed, then Cancel and the primary action, right-aligned. */
export function DialogActions({ error, cancelLabel, onCancel, confirmLabel, onConfirm, confirmDisabled }: DialogActionsProps) {
  return (
    <>
      {error ? <ErrorNote message={error} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type={onConfirm ? 'button' : 'submit'} className="primary" disabled={confirmDisabled} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </>
  );
}
