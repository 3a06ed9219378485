import { useState } from 'react';
import type { Macro } from '../../../shared/domain/presets';
import type { User } from '../../../shared/domain/user';
import { can } from '../../../shared/permissions';
import { strings } from '../../common/strings';
import { useDirectory } from '../local/hooks';
import { useLocalData } from '../local/LocalDataContext';
import { deletePreset, savePreset, useMacros } from '../local/presets';
import { MacroEditor } from './MacroEditor';

/**
 * Macros: every agent manages their own; admins also manage the shared ones (macros.share). Edits
 * go to the local database and sync; one the server refuses shows in the refused-changes list.
 */
export function MacrosPage({ user }: { user: User }) {
  const m = strings.tools.macros;
  const { data } = useLocalData();
  const directory = useDirectory();
  const macros = useMacros();
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mayShare = can(user.role, 'macros.share');
  const mine = macros.filter((x) => !x.shared && x.ownerId === user.id).sort((a, b) => a.name.localeCompare(b.name));
  const shared = macros.filter((x) => x.shared).sort((a, b) => a.name.localeCompare(b.name));
  const mayEdit = (x: Macro) => (x.shared ? mayShare : x.ownerId === user.id);

  const list = (title: string, items: Macro[], id: string) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p className="hint">{m.noneYet}</p>
      ) : (
        <ul className="macro-list">
          {items.map((x) => (
            <li key={x.id} className="macro-item">
              <div>
                <strong>{x.name}</strong> <span className="view-badge">{x.messageKind === 'note' ? m.note : m.reply}</span>
                <p className="hint macro-snippet">{x.body.slice(0, 140)}</p>
              </div>
              {mayEdit(x) ? (
                <div className="macro-buttons">
                  <button type="button" onClick={() => setEditing(x)} aria-label={`${m.edit} ${x.name}`}>
                    {m.edit}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`${m.delete} ${x.name}`}
                    onClick={() => confirm(m.deleteConfirm(x.name)) && void deletePreset(data.db, 'macro', x.id)}
                  >
                    {m.delete}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <section aria-labelledby="section-heading" className="stack macros-page">
      <h1 id="section-heading">{m.heading}</h1>
      <p>{m.intro}</p>
      {notice ? (
        <p className="hint" role="status">
          {notice}
        </p>
      ) : null}
      {editing ? (
        <MacroEditor
          key={editing === 'new' ? 'new' : editing.id}
          macro={editing === 'new' ? null : editing}
          mayShare={mayShare}
          directory={directory}
          onCancel={() => setEditing(null)}
          onSave={async (definition) => {
            await savePreset(data.db, user.id, { kind: 'macro', id: editing === 'new' ? null : editing.id, definition });
            setNotice(m.saved(definition.name));
            setEditing(null);
          }}
        />
      ) : (
        <button type="button" className="primary macro-new" onClick={() => setEditing('new')}>
          {m.new}
        </button>
      )}
      {list(m.mine, mine, 'macros-mine')}
      {list(m.sharedList, shared, 'macros-shared')}
    </section>
  );
}
