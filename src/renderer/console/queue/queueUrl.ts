import { QueueFilter, QueueSort, type QueueColumn } from '../../../shared/domain/presets';
import { VIEW_IDS, type ViewId } from './queueModel';

/** A saved view: one of the built-in ones, or a custom view by its id. */
export type ViewRef = { kind: 'builtin'; id: ViewId } | { kind: 'custom'; id: string };

/** Everything that decides which tickets the queue shows, and how: what the address bar keeps. */
export interface QueueState {
  view: ViewRef;
  filter: QueueFilter;
  sort: QueueSort;
  query: string;
}

export const DEFAULT_SORT: QueueSort = { column: 'updated', direction: 'desc' };
export const DEFAULT_COLUMNS: readonly QueueColumn[] = ['number', 'subject', 'requester', 'status', 'priority', 'group', 'assignee', 'updated'];
export const DEFAULT_STATE: QueueState = { view: { kind: 'builtin', id: 'all' }, filter: {}, sort: DEFAULT_SORT, query: '' };

// Short parameter names, so a shared link stays readable: ?view=my_open&status=open&tags=vpn,laptop
const PARAMS: Record<keyof QueueFilter, string> = {
  status: 'status',
  priority: 'priority',
  type: 'type',
  groupId: 'group',
  assignee: 'assignee',
  requesterId: 'requester',
  tags: 'tags',
  createdFrom: 'created_from',
  createdTo: 'created_to',
  updatedFrom: 'updated_from',
  updatedTo: 'updated_to',
};

/** The queue state as URL query parameters; defaults are left out. */
export function encodeQueueState(state: QueueState): URLSearchParams {
  const p = new URLSearchParams();
  if (!(state.view.kind === 'builtin' && state.view.id === 'all')) p.set('view', state.view.kind === 'builtin' ? state.view.id : `custom:${state.view.id}`);
  for (const [key, name] of Object.entries(PARAMS) as Array<[keyof QueueFilter, string]>) {
    const value = state.filter[key];
    if (value === undefined) continue;
    p.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  if (state.sort.column !== DEFAULT_SORT.column || state.sort.direction !== DEFAULT_SORT.direction) p.set('sort', `${state.sort.column}:${state.sort.direction}`);
  if (state.query) p.set('q', state.query);
  return p;
}

/**
 * Reads the queue state from URL query parameters. A link may be old, hand-edited or cut short:
 * each value that does not parse is dropped on its own, never the whole state.
 */
export function decodeQueueState(p: URLSearchParams): QueueState {
  const viewParam = p.get('view') ?? 'all';
  const view: ViewRef = viewParam.startsWith('custom:')
    ? { kind: 'custom', id: viewParam.slice('custom:'.length) }
    : { kind: 'builtin', id: (VIEW_IDS as readonly string[]).includes(viewParam) ? (viewParam as ViewId) : 'all' };
  const filter: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(PARAMS) as Array<[keyof QueueFilter, string]>) {
    const raw = p.get(name);
    if (raw === null || raw === '') continue;
    const value = key === 'tags' ? raw.split(',').filter(Boolean) : raw;
    const one = QueueFilter.safeParse({ [key]: value });
    if (one.success) filter[key] = one.data[key];
  }
  const [column, direction] = (p.get('sort') ?? '').split(':');
  const sort = QueueSort.safeParse({ column, direction });
  return { view, filter: filter as QueueFilter, sort: sort.success ? sort.data : DEFAULT_SORT, query: p.get('q') ?? '' };
}
