import { strings } from '../common/strings';
import { Modal } from './Modal';
import { keyLabels, SHORTCUTS } from './useShortcuts';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Every shortcut, read from the one shortcut table, grouped by where it works. */
export function HelpSheet({ onClose }: { onClose(): void }) {
  const k = strings.tools.keys;
  const scopes = ['global', 'queue', 'ticket'] as const;
  return (
    <Modal label={k.heading} onClose={onClose} className="help-sheet">
      <h2>{k.heading}</h2>
      <div className="help-columns">
        {scopes.map((scope) => (
          <section key={scope} aria-labelledby={`keys-${scope}`}>
            <h3 id={`keys-${scope}`}>{k.scopes[scope]}</h3>
            <dl className="shortcut-list">
              {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
                <div key={s.id} className="shortcut">
                  <dt>
                    {keyLabels(s.keys, mac).map((key, i) => (
                      <span key={i}>
                        {i > 0 ? ' + ' : ''}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {k.close}
        </button>
      </div>
    </Modal>
  );
}
