import { useId, type InputHTMLAttributes } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
}

/** A labelled text input with an optional hint tied to it for screen readers. */
export function Field({ label, value, onChange, hint, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? hintId : undefined} {...input} />
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A message from the server or a check, announced when it appears. */
export function ErrorNote({ message }: { message: string | null }) {
  return (
    <div className="error-note" role="alert">
      {message}
    </div>
  );
}

/** The shown text of any thrown value. */
export const messageOf = (err: unknown, fallback: string): string => (err instanceof Error && err.message ? err.message : fallback);
