import { describe, expect, it } from 'vitest';
import type { SavedView } from '../../../shared/domain/presets';
import type { Ticket } from '../../../shared/domain/ticket';
import { compileFilter, dayStart, queueRows, type NameLookup, type Viewer } from './queueModel';
import { allViewCounts, columnsFor, definitionFromState, orderViews, stateForView, viewChanged } from './viewModel';

const ME: Viewer = { id: 'u-me', groupIds: ['g-net'] };
const NOW = Date.parse('2026-11-23T12:00:00.000Z');
const NAMES: NameLookup = { user: () => '', group: () => '' };
const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).toISOString();

const t = (n: number, patch: Partial<Ticket> = {}): Ticket => ({
  id: `t-${n}`, number: n, subject: `S${n}`, description: '', requesterId: 'u-rita', cc: [], assigneeId: null, groupId: null,
  status: 'open', priority: 'P3', type: 'incident', category: null, tags: [], customFields: {}, channel: 'console', deviceId: null,
  parentId: null, linkedIds: [], createdAt: local(2026, 11, 1, 9), updatedAt: local(2026, 11, 20, 9), resolvedAt: null, closedAt: null,
  ...patch,
});

// 1: incident, vpn+laptop, Rita, created Nov 1, updated Nov 20
// 2: question, VPN, Otto, created Nov 10, updated Nov 22 23:00
// 3: change, no tags, Rita, created Nov 15, updated Nov 23 00:00
const T = [
  t(1, { tags: ['vpn', 'laptop'] }),
  t(2, { type: 'question', tags: ['VPN'], requesterId: 'u-otto', createdAt: local(2026, 11, 10, 9), updatedAt: local(2026, 11, 22, 23) }),
  t(3, { type: 'change', createdAt: local(2026, 11, 15, 9), updatedAt: local(2026, 11, 23, 0) }),
];
const numbers = (f: Parameters<typeof compileFilter>[0]) => T.filter(compileFilter(f, ME)).map((x) => x.number);

describe('the new filters', () => {
  it.each([
    [{ type: 'question' as const }, [2]],
    [{ requesterId: 'u-rita' }, [1, 3]],
    [{ tags: ['vpn'] }, [1, 2]],
    [{ tags: ['vpn', 'laptop'] }, [1]],
    [{ tags: ['printer'] }, []],
    [{ createdFrom: '2026-11-10' }, [2, 3]],
    [{ createdTo: '2026-11-10' }, [1, 2]],
    [{ createdFrom: '2026-11-02', createdTo: '2026-11-14' }, [2]],
    [{ updatedFrom: '2026-11-23' }, [3]],
    [{ updatedTo: '2026-11-22' }, [1, 2]],
    [{ updatedFrom: '2026-11-22', updatedTo: '2026-11-22' }, [2]],
    [{ type: 'incident' as const, tags: ['vpn'], requesterId: 'u-rita' }, [1]],
  ])('%j → %j', (filter, expected) => expect(numbers(filter)).toEqual(expected));

  it('a day starts at local midnight', () => expect(new Date(dayStart('2026-11-22')).getHours()).toBe(0));
});

const view = (id: string, patch: Partial<SavedView> = {}): SavedView => ({
  id, ownerId: 'u-me', updatedAt: '2026-11-01T00:00:00.000Z', name: id, shared: false,
  filter: {}, sort: { column: 'updated', direction: 'desc' }, columns: ['number', 'subject'], ...patch,
});

describe('custom views', () => {
  const vpn = view('vpn', { filter: { tags: ['vpn'] }, sort: { column: 'number', direction: 'asc' }, columns: ['number', 'tags'] });
  const team = view('team', { shared: true, ownerId: 'u-sue', name: 'Alpha team', filter: { type: 'change' } });

  it('counts each custom view beside the built-in ones', () => {
    const counts = allViewCounts(T, ME, NOW, [vpn, team]);
    expect(counts.builtin.all).toBe(3);
    expect([...counts.custom]).toEqual([['vpn', 2], ['team', 1]]);
  });

  it('opening a view takes its filter and sort; the rows are those of its filter', () => {
    const state = stateForView({ kind: 'custom', id: 'vpn' }, [vpn]);
    expect(state).toEqual({ view: { kind: 'custom', id: 'vpn' }, filter: { tags: ['vpn'] }, sort: { column: 'number', direction: 'asc' }, query: '' });
    expect(queueRows(T, 'all', state.filter, state.sort, ME, NAMES, NOW).map((x) => x.number)).toEqual([1, 2]);
    expect(columnsFor(state.view, [vpn])).toEqual(['number', 'tags']);
  });

  it('a view that is gone opens as the plain queue', () => {
    expect(stateForView({ kind: 'custom', id: 'gone' }, [vpn]).filter).toEqual({});
    expect(columnsFor({ kind: 'custom', id: 'gone' }, [vpn])).toContain('subject');
  });

  it('notices when the shown filter or sort differs from the saved one', () => {
    const state = stateForView({ kind: 'custom', id: 'vpn' }, [vpn]);
    expect(viewChanged(state, [vpn])).toBe(false);
    expect(viewChanged({ ...state, filter: { tags: ['vpn'], status: 'open' } }, [vpn])).toBe(true);
    expect(viewChanged({ ...state, sort: { column: 'number', direction: 'desc' } }, [vpn])).toBe(true);
  });

  it('lists my personal views first, then shared, by name', () => {
    const other = view('zzz', { name: 'Zed' });
    expect(orderViews([team, other, vpn], 'u-me').map((v) => v.id)).toEqual(['vpn', 'zzz', 'team']);
  });

  it('saves the shown state as a definition', () => {
    expect(definitionFromState('  Mine ', false, { view: { kind: 'builtin', id: 'all' }, filter: { status: 'open' }, sort: { column: 'number', direction: 'asc' }, query: 'x' }, ['number'])).toEqual({
      name: 'Mine', shared: false, filter: { status: 'open' }, sort: { column: 'number', direction: 'asc' }, columns: ['number'],
    });
  });
});
