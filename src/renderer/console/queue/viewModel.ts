import type { QueueColumn, SavedView, SavedViewDefinition } from '../../../shared/domain/presets';
import type { Ticket } from '../../../shared/domain/ticket';
import { compileFilter, inView, VIEW_IDS, type QueueFilter, type ViewId, type Viewer } from './queueModel';
import { DEFAULT_COLUMNS, type QueueState, type ViewRef } from './queueUrl';

/**
 * Custom views beside the built-in ones: a custom view is a saved filter, sort and set of columns.
 * Choosing one puts its filter and sort in the queue state; the tickets it holds are those that pass
 * its filter (the state's extra filters narrow further).
 */

/** Counts of every view, built-in and custom, in one pass over the tickets. */
export function allViewCounts(
  tickets: readonly Ticket[],
  me: Viewer,
  now: number,
  custom: readonly SavedView[],
): { builtin: Record<ViewId, number>; custom: Map<string, number> } {
  const builtin = Object.fromEntries(VIEW_IDS.map((v) => [v, 0])) as Record<ViewId, number>;
  const tests = custom.map((v) => ({ id: v.id, passes: compileFilter(v.filter, me), n: 0 }));
  for (const t of tickets) {
    for (const v of VIEW_IDS) if (inView(v, t, me, now)) builtin[v] += 1;
    for (const c of tests) if (c.passes(t)) c.n += 1;
  }
  return { builtin, custom: new Map(tests.map((c) => [c.id, c.n])) };
}

/** Personal views first (they are the agent's own), then shared, each by name. */
export function orderViews(views: readonly SavedView[], myId: string): SavedView[] {
  return [...views].sort((a, b) => Number(b.ownerId === myId && !b.shared) - Number(a.ownerId === myId && !a.shared) || a.name.localeCompare(b.name));
}

/** The queue state a view opens with: its own filter and sort, no search. */
export function stateForView(ref: ViewRef, views: readonly SavedView[]): QueueState {
  if (ref.kind === 'custom') {
    const v = views.find((x) => x.id === ref.id);
    if (v) return { view: ref, filter: v.filter, sort: v.sort, query: '' };
  }
  return { view: ref, filter: {}, sort: { column: 'updated', direction: 'desc' }, query: '' };
}

/** The columns shown for a view. */
export function columnsFor(ref: ViewRef, views: readonly SavedView[]): readonly QueueColumn[] {
  if (ref.kind !== 'custom') return DEFAULT_COLUMNS;
  return views.find((v) => v.id === ref.id)?.columns ?? DEFAULT_COLUMNS;
}

/** Whether the shown filter or sort differs from what the custom view saved (offer "update view"). */
export function viewChanged(state: QueueState, views: readonly SavedView[]): boolean {
  if (state.view.kind !== 'custom') return false;
  const id = state.view.id;
  const v = views.find((x) => x.id === id);
  if (!v) return false;
  return !sameFilter(v.filter, state.filter) || v.sort.column !== state.sort.column || v.sort.direction !== state.sort.direction;
}

function sameFilter(a: QueueFilter, b: QueueFilter): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof QueueFilter>;
  for (const k of keys) if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) return false;
  return true;
}

/** What "save as view" stores from the queue as shown. */
export function definitionFromState(name: string, shared: boolean, state: QueueState, columns: readonly QueueColumn[]): SavedViewDefinition {
  return { name: name.trim(), shared, filter: state.filter, sort: state.sort, columns: [...columns] };
}
