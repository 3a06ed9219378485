import { useState } from 'react';
import type { SavedView } from '../../../shared/domain/presets';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../../shared/domain/ticket';
import type { Group } from '../../../shared/domain/user';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import { strings } from '../../common/strings';
import { Tag } from '../../../shared/domain/common';
import { choicesByName, choicesOf, Labelled, LabelledSelect } from '../Labelled';
import { parseTags } from '../ticket/ticketEdits';
import { VIEW_IDS, type QueueFilter, type ViewId } from './queueModel';
import type { ViewRef } from './queueUrl';

/** Tags as typed, keeping those that are valid tags (at most the 10 a filter holds). */
const validTags = (text: string) => parseTags(text).filter((t) => Tag.safeParse(t).success).slice(0, 10);

/** The saved views (built-in, then custom), each with its count; `counts` is null while tickets are still being read. */
export function ViewTabs({
  view,
  counts,
  custom,
  onView,
}: {
  view: ViewRef;
  counts: { builtin: Record<ViewId, number>; custom: ReadonlyMap<string, number> } | null;
  custom: readonly SavedView[];
  onView(v: ViewRef): void;
}) {
  const tab = (ref: ViewRef, label: string, count: number | undefined, badge?: string) => {
    const current = ref.kind === view.kind && ref.id === view.id;
    return (
      <button key={`${ref.kind}:${ref.id}`} type="button" aria-pressed={current} className={current ? 'view-tab current' : 'view-tab'} onClick={() => onView(ref)}>
        {label}
        {badge ? <span className="view-badge">{badge}</span> : null} <span className="count">{counts && count !== undefined ? count.toLocaleString() : '…'}</span>
      </button>
    );
  };
  return (
    <nav className="view-tabs" aria-label={strings.queue.views}>
      {VIEW_IDS.map((v) => tab({ kind: 'builtin', id: v }, strings.queue.view[v] ?? v, counts?.builtin[v]))}
      {custom.length ? <span className="view-sep" aria-hidden="true" /> : null}
      {custom.map((v) => tab({ kind: 'custom', id: v.id }, v.name, counts?.custom.get(v.id), v.shared ? strings.tools.views.sharedBadge : undefined))}
    </nav>
  );
}

interface FilterBarProps {
  filter: QueueFilter;
  onFilter(f: QueueFilter): void;
  groups: readonly Group[];
  agents: readonly DirectoryUser[];
  requesters: readonly DirectoryUser[];
}

/** Status, priority, group and assignee filters; the parent owns the filter. */
export function FilterBar({ filter, onFilter, groups, agents, requesters }: FilterBarProps) {
  const q = strings.queue;
  const f = strings.tools.filters;
  const set = (key: keyof QueueFilter, value: string | string[]) => {
    const next = { ...filter } as Record<string, string | string[] | undefined>;
    if (value.length) next[key] = value;
    else delete next[key];
    onFilter(next as QueueFilter);
  };
  const [tagText, setTagText] = useState((filter.tags ?? []).join(', '));
  const [lastTags, setLastTags] = useState(filter.tags);
  // The box follows the filter when it changes from outside (a view, a link, "clear filters").
  if (lastTags !== filter.tags) {
    setLastTags(filter.tags);
    setTagText((filter.tags ?? []).join(', '));
  }
  const dates = (label: string, fromKey: 'createdFrom' | 'updatedFrom', toKey: 'createdTo' | 'updatedTo') => (
    <fieldset className="date-range">
      <legend>{label}</legend>
      <Labelled label={f.from}>{(id) => <input id={id} type="date" value={filter[fromKey] ?? ''} onChange={(e) => set(fromKey, e.target.value)} />}</Labelled>
      <Labelled label={f.to}>{(id) => <input id={id} type="date" value={filter[toKey] ?? ''} onChange={(e) => set(toKey, e.target.value)} />}</Labelled>
    </fieldset>
  );
  const active = Object.keys(filter).length > 0;
  const any = { value: '', label: q.any };
  return (
    <div className="filter-bar" role="group" aria-label={q.filters}>
      <LabelledSelect label={q.status} value={filter.status ?? ''} onChange={(v) => set('status', v)} choices={[any, ...choicesOf(TICKET_STATUSES, (v) => strings.status[v])]} />
      <LabelledSelect label={q.priority} value={filter.priority ?? ''} onChange={(v) => set('priority', v)} choices={[any, ...choicesOf(TICKET_PRIORITIES)]} />
      <LabelledSelect
        label={q.group}
        value={filter.groupId ?? ''}
        onChange={(v) => set('groupId', v)}
        choices={[any, { value: 'none', label: q.noGroup }, ...choicesByName(groups)]}
      />
      <LabelledSelect
        label={q.assignee}
        value={filter.assignee ?? ''}
        onChange={(v) => set('assignee', v)}
        choices={[any, { value: 'me', label: q.me }, { value: 'unassigned', label: q.unassignedOption }, ...choicesByName(agents)]}
      />
      <LabelledSelect label={f.type} value={filter.type ?? ''} onChange={(v) => set('type', v)} choices={[any, ...choicesOf(TICKET_TYPES, (v) => strings.types[v])]} />
      <LabelledSelect label={f.requester} value={filter.requesterId ?? ''} onChange={(v) => set('requesterId', v)} choices={[{ value: '', label: f.anyone }, ...choicesByName(requesters)]} />
      <Labelled label={f.tags}>
        {(id) => (
          <input
            id={id}
            className="tags-filter"
            value={tagText}
            placeholder={f.tagsHint}
            onChange={(e) => setTagText(e.target.value)}
            onBlur={() => set('tags', validTags(tagText))}
            onKeyDown={(e) => e.key === 'Enter' && set('tags', validTags(tagText))}
          />
        )}
      </Labelled>
      {dates(f.created, 'createdFrom', 'createdTo')}
      {dates(f.updated, 'updatedFrom', 'updatedTo')}
      {active ? (
        <button type="button" className="link" onClick={() => onFilter({})}>
          {q.clearFilters}
        </button>
      ) : null}
    </div>
  );
}
