import { useState } from 'react';
import type { SavedView } from '../../../shared/domain/presets';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../../shared/domain/ticket';
import type { Group } from '../../../shared/domain/user';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import { strings } from '../../common/strings';
import { Tag } from '../../../shared/domain/common';
import { Labelled } from '../Labelled';
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
  return (
    <div className="filter-bar" role="group" aria-label={q.filters}>
      <Labelled label={q.status}>
        {(id) => (
          <select id={id} value={filter.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">{q.any}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {strings.status[s]}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={q.priority}>
        {(id) => (
          <select id={id} value={filter.priority ?? ''} onChange={(e) => set('priority', e.target.value)}>
            <option value="">{q.any}</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={q.group}>
        {(id) => (
          <select id={id} value={filter.groupId ?? ''} onChange={(e) => set('groupId', e.target.value)}>
            <option value="">{q.any}</option>
            <option value="none">{q.noGroup}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={q.assignee}>
        {(id) => (
          <select id={id} value={filter.assignee ?? ''} onChange={(e) => set('assignee', e.target.value)}>
            <option value="">{q.any}</option>
            <option value="me">{q.me}</option>
            <option value="unassigned">{q.unassignedOption}</option>
            {agents.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={f.type}>
        {(id) => (
          <select id={id} value={filter.type ?? ''} onChange={(e) => set('type', e.target.value)}>
            <option value="">{q.any}</option>
            {TICKET_TYPES.map((t) => (
              <option key={t} value={t}>
                {strings.types[t]}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label={f.requester}>
        {(id) => (
          <select id={id} value={filter.requesterId ?? ''} onChange={(e) => set('requesterId', e.target.value)}>
            <option value="">{f.anyone}</option>
            {requesters.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Labelled>
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
