import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../shared/domain/ticket';
import type { Group } from '../../../shared/domain/user';
import type { DirectoryUser } from '../../../shared/sync/schemas';
import { strings } from '../../common/strings';
import { Labelled } from '../Labelled';
import { VIEW_IDS, type QueueFilter, type ViewId } from './queueModel';

/** The saved views, each with its count; `counts` is null while tickets are still being read. */
export function ViewTabs({
  view,
  counts,
  onView,
}: {
  view: ViewId;
  counts: Record<ViewId, number> | null;
  onView(v: ViewId): void;
}) {
  return (
    <nav className="view-tabs" aria-label={strings.queue.views}>
      {VIEW_IDS.map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={v === view}
          className={v === view ? 'view-tab current' : 'view-tab'}
          onClick={() => onView(v)}
        >
          {strings.queue.view[v]} <span className="count">{counts ? counts[v].toLocaleString() : '…'}</span>
        </button>
      ))}
    </nav>
  );
}

interface FilterBarProps {
  filter: QueueFilter;
  onFilter(f: QueueFilter): void;
  groups: readonly Group[];
  agents: readonly DirectoryUser[];
}

/** Status, priority, group and assignee filters; the parent owns the filter. */
export function FilterBar({ filter, onFilter, groups, agents }: FilterBarProps) {
  const q = strings.queue;
  const set = (key: keyof QueueFilter, value: string) => {
    const next = { ...filter } as Record<string, string | undefined>;
    if (value) next[key] = value;
    else delete next[key];
    onFilter(next as QueueFilter);
  };
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
      {active ? (
        <button type="button" className="link" onClick={() => onFilter({})}>
          {q.clearFilters}
        </button>
      ) : null}
    </div>
  );
}
