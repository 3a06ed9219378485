import { useId, useMemo, useState, type ReactNode } from 'react';
import { Modal } from '../Modal';

interface PickerListProps<T> {
  label: string;
  searchLabel: string;
  empty: string;
  items: readonly T[];
  /** Items for a query, best first. */
  filter(items: readonly T[], query: string): T[];
  keyOf(item: T): string;
  render(item: T): ReactNode;
  onPick(item: T): void;
  onClose(): void;
  /** Extra buttons per item (e.g. "insert link" beside "insert text"). */
  actions?(item: T): ReactNode;
}

/**
 * A searchable list in a dialog, keyboard first: type to narrow, arrows to move, Enter to pick,
 * Escape to close. The search box keeps focus; the list follows with aria-activedescendant.
 */
export function PickerList<T>({ label, searchLabel, empty, items, filter, keyOf, render, onPick, onClose, actions }: PickerListProps<T>) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const shown = useMemo(() => filter(items, query), [filter, items, query]);
  const current = Math.min(active, Math.max(shown.length - 1, 0));
  return (
    <Modal label={label} onClose={onClose} className="picker">
      <h2>{label}</h2>
      <input
        type="search"
        autoFocus
        aria-label={searchLabel}
        placeholder={searchLabel}
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={shown[current] ? `${id}-${keyOf(shown[current])}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive(Math.min(current + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') setActive(Math.max(current - 1, 0));
          else if (e.key === 'Enter' && shown[current]) onPick(shown[current]);
          else return;
          e.preventDefault();
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label={label} className="picker-list">
        {shown.map((item, i) => (
          <li
            key={keyOf(item)}
            id={`${id}-${keyOf(item)}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onMouseMove={() => setActive(i)}
            onClick={() => onPick(item)}
          >
            <div className="picker-item">{render(item)}</div>
            {actions ? <div className="picker-actions">{actions(item)}</div> : null}
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="hint">{empty}</p> : null}
    </Modal>
  );
}
