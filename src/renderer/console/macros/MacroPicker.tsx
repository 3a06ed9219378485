import { useCallback } from 'react';
import type { Macro } from '../../../shared/domain/presets';
import { strings } from '../../common/strings';
import { fuzzyScore } from '../commands';
import { PickerList } from './PickerList';

/** Macros whose name (first) or message matches the query, best first. */
export function searchMacros(macros: readonly Macro[], query: string): Macro[] {
  if (!query.trim()) return [...macros].sort((a, b) => a.name.localeCompare(b.name));
  return macros
    .map((m) => ({ m, s: fuzzyScore(query, m.name) ?? (m.body.toLowerCase().includes(query.trim().toLowerCase()) ? -10 : null) }))
    .filter((x): x is { m: Macro; s: number } => x.s !== null)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.m);
}

/** Picks a macro to apply to the open ticket (from the composer's button or `m`). */
export function MacroPicker({ macros, onApply, onClose }: { macros: readonly Macro[]; onApply(m: Macro): void; onClose(): void }) {
  const m = strings.tools.macros;
  const filter = useCallback((items: readonly Macro[], q: string) => searchMacros(items, q), []);
  return (
    <PickerList
      label={m.pick}
      searchLabel={m.search}
      empty={macros.length ? m.none : m.noneYet}
      items={macros}
      filter={filter}
      keyOf={(x) => x.id}
      onPick={onApply}
      onClose={onClose}
      render={(x) => (
        <>
          <strong>{x.name}</strong> {x.shared ? <span className="view-badge">{strings.tools.views.sharedBadge}</span> : null}
          <span className="hint picker-snippet">{x.body.slice(0, 90)}</span>
        </>
      )}
    />
  );
}
