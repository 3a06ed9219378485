import { useId, type ReactNode } from 'react';

/**
 * A label above a control, tied by id rather than by wrapping: a wrapping label would make the
 * control's accessible name include every option's text.
 */
export function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="labelled">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
