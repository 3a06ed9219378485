import { useId, useMemo, useState } from 'react';
import { formatTicketNumber, parseTicketNumber } from '../../shared/domain/ticket';
import { navigate } from '../common/router';
import { strings } from '../common/strings';
import { rankCommands, type Command } from './commands';
import { Modal } from './Modal';
import { keyLabels } from './useShortcuts';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Ctrl/Cmd+K: every action the console offers now (navigation, the open ticket's actions, views,
 * macros, theme, sign out), found by fuzzy search and run with Enter.
 */
export function CommandPalette({ commands, onClose }: { commands: readonly Command[]; onClose(): void }) {
  const p = strings.tools.palette;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const shown = useMemo(() => {
    // A ticket number typed into the palette opens that ticket.
    const n = parseTicketNumber(query);
    const direct: Command[] = n ? [{ id: 'open-ticket', group: 'navigation', label: p.openTicket(formatTicketNumber(n)), run: () => navigate(`/queue/${formatTicketNumber(n)}`) }] : [];
    return [...direct, ...rankCommands(commands, query)].slice(0, 60);
  }, [commands, query, p]);
  const current = Math.min(active, Math.max(shown.length - 1, 0));
  const run = (c: Command) => {
    onClose();
    // After the dialog has closed and focus is back, so the command's own focus moves stick.
    setTimeout(() => c.run(), 0);
  };
  return (
    <Modal label={p.label} onClose={onClose} className="palette">
      <input
        type="text"
        autoFocus
        role="combobox"
        aria-label={p.label}
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={shown[current] ? `${id}-${current}` : undefined}
        placeholder={p.placeholder}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive(Math.min(current + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') setActive(Math.max(current - 1, 0));
          else if (e.key === 'Enter' && shown[current]) run(shown[current]);
          else return;
          e.preventDefault();
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label={p.label} className="palette-list">
        {shown.map((c, i) => (
          <li key={c.id} id={`${id}-${i}`} role="option" aria-selected={i === current} className={i === current ? 'active' : undefined} onMouseMove={() => setActive(i)} onClick={() => run(c)}>
            <span className="palette-group">{p.groups[c.group]}</span>
            <span className="palette-label">{c.label}</span>
            {c.keys ? (
              <span className="palette-keys">
                {keyLabels(c.keys, mac).map((k, j) => (
                  <kbd key={j}>{k}</kbd>
                ))}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="hint">{p.none}</p> : null}
    </Modal>
  );
}
