import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { formatTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import type { User } from '../../../shared/domain/user';
import { navigate } from '../../common/router';
import { strings } from '../../common/strings';
import { useDirectory, useLocalTickets } from '../local/hooks';
import { useShortcuts } from '../useShortcuts';
import { FilterBar, ViewTabs } from './QueueControls';
import { inView, matchesFilter, queueRows, viewCounts, type NameLookup, type QueueFilter, type QueueSort, type SortColumn, type ViewId } from './queueModel';
import { TicketGrid } from './TicketGrid';
import { useTicketSearch } from './useTicketSearch';

/** A clock for "recently updated" that moves once a minute, so counts age without a reload. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The agent's queue, read from the local database: saved views with counts, filters, sortable
 * columns, local full-text search (/), and j/k/Enter to move and open.
 */
export function QueuePage({ user }: { user: User }) {
  const q = strings.queue;
  const { tickets, complete } = useLocalTickets();
  const directory = useDirectory();
  const search = useTicketSearch(complete ? tickets : null);
  const now = useMinuteClock();
  const [view, setView] = useState<ViewId>('all');
  const [filter, setFilter] = useState<QueueFilter>({});
  const [sort, setSort] = useState<QueueSort>({ column: 'updated', direction: 'desc' });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  // Typing stays responsive while the rows for the last keystroke are worked out.
  const deferredQuery = useDeferredValue(query);

  const me = useMemo(() => ({ id: user.id, groupIds: user.groupIds }), [user.id, user.groupIds]);
  const names: NameLookup = useMemo(
    () => ({ user: (id) => (id ? (directory.users.get(id)?.name ?? '') : ''), group: (id) => (id ? (directory.groups.get(id)?.name ?? '') : '') }),
    [directory],
  );
  const counts = useMemo(() => viewCounts(tickets ?? [], me, now), [tickets, me, now]);
  const hits = useMemo(() => (deferredQuery.trim() ? search.search(deferredQuery) : null), [deferredQuery, search]);
  const rows = useMemo(() => {
    const all = tickets ?? [];
    if (!hits) return queueRows(all, view, filter, sort, me, names, now);
    // While searching, the best match comes first; views and filters still apply.
    const byId = new Map(all.map((t) => [t.id, t]));
    return hits.map((h) => byId.get(h.id)).filter((t): t is Ticket => !!t && inView(view, t, me, now) && matchesFilter(t, filter, me));
  }, [tickets, hits, view, filter, sort, me, names, now]);
  const terms = useMemo(() => (hits ? new Map(hits.map((h) => [h.id, h.terms])) : null), [hits]);
  const agents = useMemo(() => [...directory.users.values()].filter((u) => u.role !== 'end_user' && u.active).sort((a, b) => a.name.localeCompare(b.name)), [directory]);
  const groups = useMemo(() => [...directory.groups.values()].sort((a, b) => a.name.localeCompare(b.name)), [directory]);

  const current = Math.min(active, Math.max(rows.length - 1, 0));
  const open = useCallback((t: Ticket | undefined) => t && navigate(`/queue/${formatTicketNumber(t.number)}`), []);
  useShortcuts({
    j: () => setActive(Math.min(current + 1, rows.length - 1)),
    k: () => setActive(Math.max(current - 1, 0)),
    Enter: () => open(rows[current]),
    '/': () => searchRef.current?.focus(),
  });

  const onSort = useCallback(
    (column: SortColumn) =>
      setSort((s) => (s.column === column ? { column, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: column === 'updated' ? 'desc' : 'asc' })),
    [],
  );
  const reset = () => setActive(0);

  return (
    <section aria-labelledby="section-heading" className="queue">
      <div className="queue-head">
        <h1 id="section-heading">{q.heading}</h1>
        <div className="queue-search">
          <label htmlFor="queue-search" className="visually-hidden">
            {q.search}
          </label>
          <input
            id="queue-search"
            ref={searchRef}
            type="search"
            placeholder={`${q.search} (/)`}
            value={query}
            aria-describedby="queue-search-hint"
            onChange={(e) => {
              setQuery(e.target.value);
              reset();
            }}
            onKeyDown={(e) => {
              // Leave the search box for the list with Escape or the arrow down.
              if (e.key === 'Escape' || e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                if (e.key === 'Escape' && query) setQuery('');
                gridRef.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
              }
            }}
          />
          <p id="queue-search-hint" className="hint">
            {search.indexed < search.total ? q.indexing(search.indexed, search.total) : q.searchHint}
          </p>
        </div>
      </div>
      <ViewTabs view={view} counts={complete ? counts : null} onView={(v) => { setView(v); reset(); }} />
      <FilterBar filter={filter} onFilter={(f) => { setFilter(f); reset(); }} groups={groups} agents={agents} />
      {tickets === null ? (
        <p role="status">{q.loadingLocal}</p>
      ) : (
        <>
          <p className="hint queue-count" role="status">
            {complete ? q.shown(rows.length, tickets.length) : q.newestOnly(tickets.length)} · {q.keys}
          </p>
          {tickets.length === 0 ? <div className="empty-state">{q.empty}</div> : null}
          {tickets.length > 0 && rows.length === 0 ? <div className="empty-state">{q.noMatch}</div> : null}
          <div ref={gridRef} hidden={rows.length === 0}>
            <TicketGrid rows={rows} names={names} sort={sort} onSort={onSort} active={current} onActive={setActive} onOpen={open} terms={terms} />
          </div>
        </>
      )}
    </section>
  );
}
