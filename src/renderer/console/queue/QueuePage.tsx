import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MergeTicketResponse } from '../../../shared/api/tickets';
import type { TandemClient } from '../../../shared/api/client';
import { formatTicketNumber, type Ticket } from '../../../shared/domain/ticket';
import type { User } from '../../../shared/domain/user';
import { can } from '../../../shared/permissions';
import { navigate, useRoute } from '../../common/router';
import { strings } from '../../common/strings';
import { useCommands, type Command } from '../commands';
import { useDirectory, useLocalTickets, useSyncStatus } from '../local/hooks';
import { useLocalData } from '../local/LocalDataContext';
import { deletePreset, savePreset, useSavedViews } from '../local/presets';
import { useShortcuts } from '../useShortcuts';
import { BulkBar } from './BulkBar';
import { planBulk, rangeBetween, type BulkAction } from './bulkPlan';
import { MergeDialog } from './MergeDialog';
import { FilterBar, ViewTabs } from './QueueControls';
import { compileFilter, inView, queueRows, type NameLookup, type SortColumn } from './queueModel';
import { decodeQueueState, encodeQueueState, type QueueState, type ViewRef } from './queueUrl';
import { SaveViewDialog } from './SaveViewDialog';
import { TicketGrid } from './TicketGrid';
import type { TicketHit } from './ticketSearch';
import { useTicketSearch } from './useTicketSearch';
import { allViewCounts, columnsFor, definitionFromState, orderViews, stateForView, viewChanged } from './viewModel';

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
 * The agent's queue, read from the local database: saved views (built-in and custom) with counts,
 * filters kept in the address bar, sortable columns, local full-text search (/), j/k/Enter to move
 * and open, and bulk actions on ticked rows (x, shift-click, select all).
 */
export function QueuePage({ user, client }: { user: User; client: TandemClient }) {
  const q = strings.queue;
  const { data } = useLocalData();
  const { tickets, complete, byId } = useLocalTickets();
  const directory = useDirectory();
  // Fed by the database's change events: a change re-indexes only the tickets it touches.
  const search = useTicketSearch(data.search, tickets?.length ?? 0);
  const views = orderViews(useSavedViews(), user.id);
  const status = useSyncStatus();
  const now = useMinuteClock();
  const route = useRoute();
  const queryString = route.query.toString();
  const state = useMemo(() => decodeQueueState(new URLSearchParams(queryString)), [queryString]);
  const setState = useCallback((next: QueueState) => {
    const qs = encodeQueueState(next).toString();
    navigate(qs ? `/queue?${qs}` : '/queue', { replace: true });
  }, []);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'save' | 'merge' | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  // Not deferred (useDeferredValue): the query arrives through the URL, a synchronous external
  // store, and the deferred render of it never landed; a search is a few ms at 100,000 tickets.
  const deferredQuery = state.query;

  const me = useMemo(() => ({ id: user.id, groupIds: user.groupIds }), [user.id, user.groupIds]);
  const names: NameLookup = useMemo(
    () => ({ user: (id) => (id ? (directory.users.get(id)?.name ?? '') : ''), group: (id) => (id ? (directory.groups.get(id)?.name ?? '') : '') }),
    [directory],
  );
  const viewsKey = JSON.stringify(views);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recount only when a view's content changes
  const counts = useMemo(() => allViewCounts(tickets ?? [], me, now, views), [tickets, me, now, viewsKey]);
  // The index answers from its worker: until this query's answer comes (a few ms), the last one stands.
  const searching = deferredQuery.trim() ? deferredQuery : '';
  const [answer, setAnswer] = useState<{ query: string; hits: TicketHit[] } | null>(null);
  useEffect(() => {
    if (!searching) return;
    let live = true;
    void search.search(searching).then((found) => live && setAnswer({ query: searching, hits: found }));
    return () => {
      live = false;
    };
  }, [searching, search]);
  const hits = searching && answer ? answer.hits : null;
  const builtin = state.view.kind === 'builtin' ? state.view.id : 'all';
  // Only "recently updated" depends on the clock: the other views need not re-sort every minute.
  const viewNow = builtin === 'recent' ? now : 0;
  const rows = useMemo(() => {
    const all = tickets ?? [];
    if (!hits) return queueRows(all, builtin, state.filter, state.sort, me, names, viewNow);
    // While searching, the best match comes first; views and filters still apply.
    const passes = compileFilter(state.filter, me);
    return hits.map((h) => byId.get(h.id)).filter((t): t is Ticket => !!t && inView(builtin, t, me, viewNow) && passes(t));
  }, [tickets, byId, hits, builtin, state.filter, state.sort, me, names, viewNow]);
  const terms = useMemo(() => (hits ? new Map(hits.map((h) => [h.id, h.terms])) : null), [hits]);
  const users = useMemo(() => [...directory.users.values()].sort((a, b) => a.name.localeCompare(b.name)), [directory]);
  const agents = useMemo(() => users.filter((u) => u.role !== 'end_user' && u.active), [users]);
  const groups = useMemo(() => [...directory.groups.values()].sort((a, b) => a.name.localeCompare(b.name)), [directory]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const columns = useMemo(() => columnsFor(state.view, views), [state.view, viewsKey]);
  const currentView = state.view.kind === 'custom' ? views.find((v) => v.id === state.view.id) : undefined;
  const mayEditView = !!currentView && (currentView.shared ? can(user.role, 'views.share') : currentView.ownerId === user.id);

  const current = Math.min(active, Math.max(rows.length - 1, 0));
  const open = useCallback((t: Ticket | undefined) => t && navigate(`/queue/${formatTicketNumber(t.number)}`), []);
  const chooseView = useCallback(
    (ref: ViewRef) => {
      setState(stateForView(ref, views));
      setActive(0);
      setSelected(new Set());
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setState, viewsKey],
  );

  // Stable while the rows are, so the grid's rows need not be drawn again on every page render.
  const toggle = useCallback(
    (t: Ticket, range: boolean) => {
      const from = anchor.current;
      anchor.current = t.id;
      setSelected((s) => {
        const next = new Set(s);
        if (range) for (const id of rangeBetween(rows.map((r) => r.id), from, t.id)) next.add(id);
        else if (next.has(t.id)) next.delete(t.id);
        else next.add(t.id);
        return next;
      });
    },
    [rows, setSelected],
  );
  const toggleAll = useCallback(
    () => setSelected((s) => (s.size >= rows.length && rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id)))),
    [rows, setSelected],
  );

  /** Writes a bulk change to the local database, ticket by ticket; it syncs from there. */
  const applyBulk = async (action: BulkAction, ids: ReadonlySet<string> = selected) => {
    const chosen = (tickets ?? []).filter((t) => ids.has(t.id));
    const plan = planBulk(chosen, [action]);
    const docs = await data.db.tickets.findByIds(plan.changes.map((c) => c.id)).exec();
    for (const change of plan.changes) await docs.get(change.id)?.incrementalPatch(change.patch);
    setNotice(strings.tools.bulk.done(plan.changes.length, plan.unchanged));
  };
  const assignToMe = () => {
    const ids = selected.size ? selected : new Set(rows[current] ? [rows[current].id] : []);
    if (ids.size) void applyBulk({ kind: 'assign', assigneeId: user.id }, ids);
  };
  const merge = async (target: Ticket, sources: Ticket[]) => {
    if (status.connection === 'offline') throw new Error(strings.tools.bulk.mergeOffline);
    for (const s of sources) await client.post(`/api/tickets/${s.id}/merge`, { targetId: target.id }, MergeTicketResponse);
    setSelected(new Set());
    setNotice(strings.tools.bulk.mergeDone(formatTicketNumber(target.number)));
  };

  useShortcuts({
    'queue.down': () => setActive(Math.min(current + 1, rows.length - 1)),
    'queue.up': () => setActive(Math.max(current - 1, 0)),
    'queue.open': () => open(rows[current]),
    'queue.search': () => searchRef.current?.focus(),
    'queue.select': () => rows[current] && toggle(rows[current], false),
    'queue.selectAll': () => setSelected(new Set(rows.map((r) => r.id))),
    'queue.assignMe': assignToMe,
    'queue.clear': () => setSelected(new Set()),
  });

  const commands = useMemo<Command[]>(
    () => [
      ...(['all', 'my_open', 'unassigned', 'my_groups', 'recent'] as const).map((v) => ({
        id: `view:${v}`,
        group: 'view' as const,
        label: strings.tools.palette.view(q.view[v] ?? v),
        run: () => chooseView({ kind: 'builtin', id: v }),
      })),
      ...views.map((v) => ({ id: `view:${v.id}`, group: 'view' as const, label: strings.tools.palette.view(v.name), run: () => chooseView({ kind: 'custom', id: v.id }) })),
      ...(rows[current] ? [{ id: 'queue.open', group: 'ticket' as const, label: strings.tools.palette.openTicket(formatTicketNumber(rows[current].number)), keys: ['Enter'], run: () => open(rows[current]) }] : []),
      { id: 'queue.save-view', group: 'queue', label: strings.tools.views.save, run: () => setDialog('save') },
      { id: 'queue.select-all', group: 'queue', label: strings.tools.keys.selectAll, keys: ['Shift', 'X'], run: () => setSelected(new Set(rows.map((r) => r.id))) },
      { id: 'queue.assign-me', group: 'queue', label: strings.tools.keys.assignQueue, keys: ['a'], run: assignToMe },
      { id: 'queue.search', group: 'queue', label: strings.tools.keys.search, keys: ['/'], run: () => searchRef.current?.focus() },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [viewsKey, rows, selected, current, chooseView],
  );
  useCommands(commands);

  const onSort = useCallback(
    (column: SortColumn) =>
      setState({
        ...state,
        sort: state.sort.column === column ? { column, direction: state.sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: column === 'updated' || column === 'created' ? 'desc' : 'asc' },
      }),
    [state, setState],
  );
  const reset = () => setActive(0);
  const selectedTickets = useMemo(() => (tickets ?? []).filter((t) => selected.has(t.id)), [tickets, selected]);

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
            value={state.query}
            aria-describedby="queue-search-hint"
            onChange={(e) => {
              setState({ ...state, query: e.target.value });
              reset();
            }}
            onKeyDown={(e) => {
              // Leave the search box for the list with Escape or the arrow down.
              if (e.key === 'Escape' || e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                if (e.key === 'Escape' && state.query) setState({ ...state, query: '' });
                gridRef.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
              }
            }}
          />
          <p id="queue-search-hint" className="hint">
            {search.indexed < search.total ? q.indexing(search.indexed, search.total) : q.searchHint}
          </p>
        </div>
      </div>
      <ViewTabs view={state.view} counts={complete ? counts : null} custom={views} onView={chooseView} />
      <FilterBar
        filter={state.filter}
        onFilter={(f) => {
          setState({ ...state, filter: f });
          reset();
        }}
        groups={groups}
        agents={agents}
        requesters={users}
      />
      <div className="view-actions">
        <button type="button" className="link" onClick={() => setDialog('save')}>
          {strings.tools.views.save}
        </button>
        {currentView && mayEditView && viewChanged(state, views) ? (
          <button type="button" className="link" onClick={() => void savePreset(data.db, user.id, { kind: 'view', id: currentView.id, definition: definitionFromState(currentView.name, currentView.shared, state, columns) })}>
            {strings.tools.views.update}
          </button>
        ) : null}
        {currentView && mayEditView ? (
          <button
            type="button"
            className="link danger"
            onClick={() => {
              if (!confirm(strings.tools.views.deleteConfirm(currentView.name))) return;
              void deletePreset(data.db, 'view', currentView.id);
              chooseView({ kind: 'builtin', id: 'all' });
            }}
          >
            {strings.tools.views.delete}
          </button>
        ) : null}
      </div>
      {selected.size > 0 ? (
        <BulkBar
          count={selected.size}
          meId={user.id}
          agents={agents}
          onAction={(a) => void applyBulk(a)}
          onMerge={() => setDialog('merge')}
          onClear={() => setSelected(new Set())}
          notice={notice}
        />
      ) : notice ? (
        <p className="hint" role="status">
          {notice}
        </p>
      ) : null}
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
            <TicketGrid
              rows={rows}
              columns={columns}
              names={names}
              sort={state.sort}
              onSort={onSort}
              active={current}
              onActive={setActive}
              onOpen={open}
              terms={terms}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll}
            />
          </div>
        </>
      )}
      {dialog === 'save' ? (
        <SaveViewDialog
          mayShare={can(user.role, 'views.share')}
          columns={columns}
          onClose={() => setDialog(null)}
          onSave={async ({ name, shared, columns: cols }) => {
            const id = await savePreset(data.db, user.id, { kind: 'view', id: null, definition: definitionFromState(name, shared, state, cols) });
            setState({ ...state, view: { kind: 'custom', id } });
            setNotice(strings.tools.views.saved(name.trim()));
          }}
        />
      ) : null}
      {dialog === 'merge' ? <MergeDialog tickets={selectedTickets} onMerge={merge} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
