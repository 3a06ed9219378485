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

/** One option of a LabelledSelect. */
export interface Choice {
  value: string;
  label: string;
}

/** Choices from a list of values, each shown as `label(value)` (the value itself where that has none). */
export const choicesOf = <T extends string>(values: readonly T[], label: (value: T) => string | undefined = (v) => v): Choice[] =>
  values.map((value) => ({ value, label: label(value) ?? value }));

/** Choices from named things (users, groups), shown by name. */
export const choicesByName = (items: ReadonlyArray<{ id: string; name: string }>): Choice[] =>
  items.map((i) => ({ value: i.id, label: i.name }));

/** A labelled drop-down: `choices` in order, the value handed to `onChange` as it is. */
export function LabelledSelect({
  label,
  value,
  choices,
  onChange,
  field,
}: {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange(value: string): void;
  /** `data-field`, for the keyboard shortcut that jumps to this control. */
  field?: string;
}) {
  return (
    <Labelled label={label}>
      {(id) => (
        <select id={id} data-field={field} value={value} onChange={(e) => onChange(e.target.value)}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}
