import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../shared/domain/ticket';
import { testTicket } from '../../../shared/testing/tickets';
import { inView, matchesFilter, queueRows, sortTickets, viewCounts, type NameLookup, type Viewer } from './queueModel';

const ME: Viewer = { id: 'u-me', groupIds: ['g-net'] };
const NOW = Date.parse('2026-11-23T12:00:00.000Z');

const ticket = (n: number, patch: Partial<Ticket>): Ticket =>
  testTicket(n, { id: `t-${n}`, requesterId: 'u-req', channel: 'console', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-20T00:00:00.000Z', ...patch });

// 1: mine, open, net group, updated 1 day ago
// 2: mine, resolved
// 3: unassigned, new, net group, updated 30 days ago
// 4: someone else's, pending, hr group
// 5: unassigned, closed
const T = [
  ticket(1, { assigneeId: 'u-me', status: 'open', groupId: 'g-net', updatedAt: '2026-11-22T12:00:00.000Z', priority: 'P1' }),
  ticket(2, { assigneeId: 'u-me', status: 'resolved', updatedAt: '2026-11-21T00:00:00.000Z' }),
  ticket(3, { status: 'new', groupId: 'g-net', updatedAt: '2026-10-24T12:00:00.000Z', priority: 'P2' }),
  ticket(4, { assigneeId: 'u-bo', status: 'pending', groupId: 'g-hr', updatedAt: '2026-11-19T00:00:00.000Z' }),
  ticket(5, { status: 'closed', updatedAt: '2026-11-10T00:00:00.000Z', priority: 'P4' }),
];

const NAMES: NameLookup = {
  user: (id) => ({ 'u-me': 'Mia', 'u-bo': 'Bo', 'u-req': 'Rita' })[id ?? ''] ?? '',
  group: (id) => ({ 'g-net': 'Network', 'g-hr': 'HR' })[id ?? ''] ?? '',
};

const ids = (ts: Ticket[]) => ts.map((t) => t.number);

describe('saved views', () => {
  it.each([
    ['my_open', [1]],
    ['unassigned', [3]],
    ['my_groups', [1, 3]],
    ['recent', [1, 2, 4]], // within 7 days of NOW; 3 (30 days) and 5 (13.5 days) are older
    ['all', [1, 2, 3, 4, 5]],
  ] as const)('%s', (view, expected) => {
    expect(T.filter((t) => inView(view, t, ME, NOW)).map((t) => t.number)).toEqual(expected);
  });

  it('counts every view in one pass', () => {
    expect(viewCounts(T, ME, NOW)).toEqual({ all: 5, my_open: 1, unassigned: 1, my_groups: 2, recent: 3 });
  });

  it('"recently updated" includes exactly seven days back and not a millisecond more', () => {
    const edge = ticket(9, { updatedAt: '2026-11-16T12:00:00.000Z' });
    const past = ticket(10, { updatedAt: '2026-11-16T11:59:59.999Z' });
    expect(inView('recent', edge, ME, NOW)).toBe(true);
    expect(inView('recent', past, ME, NOW)).toBe(false);
  });
});

describe('filters', () => {
  it.each([
    [{ status: 'open' as const }, [1]],
    [{ priority: 'P2' as const }, [3]],
    [{ groupId: 'g-net' }, [1, 3]],
    [{ groupId: 'none' }, [2, 5]],
    [{ assignee: 'me' }, [1, 2]],
    [{ assignee: 'unassigned' }, [3, 5]],
    [{ assignee: 'u-bo' }, [4]],
    [{ assignee: 'me', status: 'resolved' as const }, [2]],
    [{}, [1, 2, 3, 4, 5]],
  ])('%o', (filter, expected) => {
    expect(T.filter((t) => matchesFilter(t, filter, ME)).map((t) => t.number)).toEqual(expected);
  });
});

describe('sorting', () => {
  it.each([
    ['number', 'asc', [1, 2, 3, 4, 5]],
    ['number', 'desc', [5, 4, 3, 2, 1]],
    ['priority', 'asc', [1, 3, 2, 4, 5]], // P1, P2, then the P3s newest first (2 before 4), P4
    ['status', 'asc', [3, 1, 4, 2, 5]], // new, open, pending, resolved, closed
    ['updated', 'desc', [1, 2, 4, 5, 3]],
    ['assignee', 'asc', [4, 1, 2, 5, 3]], // Bo, Mia (1 newer than 2), then the unassigned last, newest first
    ['group', 'desc', [1, 3, 4, 2, 5]], // Network, HR, then no group (2 newer than 5)
    ['requester', 'asc', [1, 2, 4, 5, 3]], // all Rita: newest update first
  ] as const)('%s %s', (column, direction, expected) => {
    expect(ids(sortTickets(T, { column, direction }, NAMES))).toEqual(expected);
  });

  it('names compare by locale, accents and all; an empty name is last in both directions', () => {
    const people: NameLookup = { user: (id) => ({ a: 'émile', b: 'eve', c: 'zoë', d: 'adam' })[id ?? ''] ?? '', group: () => '' };
    const list = [ticket(1, { assigneeId: 'c' }), ticket(2, { assigneeId: 'a' }), ticket(3, { assigneeId: null }), ticket(4, { assigneeId: 'd' }), ticket(5, { assigneeId: 'b' })];
    // adam, émile, eve, zoë (é sorts with e, before v), then nobody.
    expect(ids(sortTickets(list, { column: 'assignee', direction: 'asc' }, people))).toEqual([4, 2, 5, 1, 3]);
    expect(ids(sortTickets(list, { column: 'assignee', direction: 'desc' }, people))).toEqual([1, 5, 2, 4, 3]);
  });

  it('does not reorder its input', () => {
    const input = [...T];
    sortTickets(input, { column: 'number', direction: 'desc' }, NAMES);
    expect(ids(input)).toEqual([1, 2, 3, 4, 5]);
  });
});

it('queueRows applies the view, then the filters, then the sort', () => {
  expect(ids(queueRows(T, 'my_groups', { priority: 'P2' }, { column: 'number', direction: 'asc' }, ME, NAMES, NOW))).toEqual([3]);
  expect(ids(queueRows(T, 'all', { assignee: 'me' }, { column: 'number', direction: 'desc' }, ME, NAMES, NOW))).toEqual([2, 1]);
});

