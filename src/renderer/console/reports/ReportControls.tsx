import { useId, useState } from 'react';
import type { Group } from '../../../shared/domain/user';
import { strings } from '../../common/strings';
import { customRangeProblem, RANGE_PRESETS, rangeOf, type ReportSelection } from './reportRange';

const s = strings.reports;

/**
 * The range presets, the custom from–to days and the group filter. The parent owns the selection
 * (it lives in the address bar); a custom range is asked for once both days are filled in.
 */
export function ReportControls({
  selection,
  today,
  groups,
  onChange,
}: {
  selection: ReportSelection;
  today: string;
  groups: Group[];
  onChange(next: ReportSelection): void;
}) {
  const id = useId();
  const current = rangeOf(selection, today);
  // The day inputs keep what is being typed; the selection changes once the range is whole.
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const custom = selection.kind === 'custom' || draft !== null;
  const shown = draft ?? current;
  const problem = draft ? customRangeProblem(draft.from, draft.to) : null;

  const editDay = (which: 'from' | 'to', value: string) => {
    const next = { ...shown, [which]: value };
    if (customRangeProblem(next.from, next.to) === 'incomplete') {
      setDraft(next);
      return;
    }
    setDraft(null);
    onChange({ kind: 'custom', from: next.from, to: next.to, groupId: selection.groupId });
  };

  return (
    <div className="report-controls" role="group" aria-label={s.controls}>
      <div className="range-presets" role="group" aria-label={s.range}>
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={!custom && selection.kind === 'preset' && selection.preset === preset}
            onClick={() => {
              setDraft(null);
              onChange({ kind: 'preset', preset, groupId: selection.groupId });
            }}
          >
            {s.presets[preset]}
          </button>
        ))}
        <button type="button" aria-pressed={custom} onClick={() => !custom && setDraft(current)}>
          {s.custom}
        </button>
      </div>
      {custom ? (
        <div className="custom-range">
          <div className="control">
            <label htmlFor={`${id}-from`}>{s.from}</label>
            <input id={`${id}-from`} type="date" value={shown.from} max={shown.to || undefined} onChange={(e) => editDay('from', e.target.value)} />
          </div>
          <div className="control">
            <label htmlFor={`${id}-to`}>{s.to}</label>
            <input id={`${id}-to`} type="date" value={shown.to} min={shown.from || undefined} onChange={(e) => editDay('to', e.target.value)} />
          </div>
          {problem ? <p className="hint">{s.rangeProblem[problem]}</p> : null}
        </div>
      ) : null}
      <div className="control group-filter">
        <label htmlFor={`${id}-group`}>{s.group}</label>
        <select id={`${id}-group`} value={selection.groupId ?? ''} onChange={(e) => onChange({ ...selection, groupId: e.target.value || null })}>
          <option value="">{s.allGroups}</option>
          {selection.groupId && !groups.some((g) => g.id === selection.groupId) ? <option value={selection.groupId}>{s.unlistedGroup}</option> : null}
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
