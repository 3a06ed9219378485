import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../shared/domain/ticket';
import { macroActions, patchFor, planBulk, rangeBetween } from './bulkPlan';

const t = (n: number, patch: Partial<Ticket> = {}): Ticket => ({
  id: `t-${n}`, number: n, subject: `S${n}`, description: '', requesterId: 'u-r', cc: [], assigneeId: null, groupId: null,
  status: 'open', priority: 'P3', type: 'incident', category: null, tags: [], customFields: {}, channel: 'console', deviceId: null,
  parentId: null, linkedIds: [], createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', resolvedAt: null, closedAt: null,
  ...patch,
});

describe('bulk action planning', () => {
  it('assigns only the tickets that are not already assigned so', () => {
    const plan = planBulk([t(1), t(2, { assigneeId: 'u-me' }), t(3, { assigneeId: 'u-bo' })], [{ kind: 'assign', assigneeId: 'u-me' }]);
    expect(plan).toEqual({ changes: [{ id: 't-1', number: 1, patch: { assigneeId: 'u-me' } }, { id: 't-3', number: 3, patch: { assigneeId: 'u-me' } }], unchanged: 1 });
  });

  it('unassigns', () => {
    expect(planBulk([t(1, { assigneeId: 'u-bo' }), t(2)], [{ kind: 'assign', assigneeId: null }]).changes.map((c) => c.patch)).toEqual([{ assigneeId: null }]);
  });

  it('sets status and priority together, leaving out what already holds', () => {
    const plan = planBulk([t(1, { status: 'pending' }), t(2, { priority: 'P1' })], [{ kind: 'status', status: 'pending' }, { kind: 'priority', priority: 'P1' }]);
    expect(plan.changes.map((c) => c.patch)).toEqual([{ priority: 'P1' }, { status: 'pending' }]);
  });

  it('adds a tag once, whatever its case, and keeps the existing order', () => {
    expect(patchFor(t(1, { tags: ['vpn'] }), [{ kind: 'addTag', tag: 'laptop' }])).toEqual({ tags: ['vpn', 'laptop'] });
    expect(patchFor(t(1, { tags: ['VPN'] }), [{ kind: 'addTag', tag: 'vpn' }])).toEqual({});
  });

  it('removes a tag in any case; a missing tag changes nothing', () => {
    expect(patchFor(t(1, { tags: ['VPN', 'laptop'] }), [{ kind: 'removeTag', tag: 'vpn' }])).toEqual({ tags: ['laptop'] });
    expect(patchFor(t(1, { tags: ['laptop'] }), [{ kind: 'removeTag', tag: 'vpn' }])).toEqual({});
  });

  it('adding then removing the same tag is no change', () => {
    expect(patchFor(t(1, { tags: ['a'] }), [{ kind: 'addTag', tag: 'b' }, { kind: 'removeTag', tag: 'b' }])).toEqual({});
  });

  it('never goes past 30 tags', () => {
    const full = Array.from({ length: 30 }, (_, i) => `tag${i}`);
    expect(patchFor(t(1, { tags: full }), [{ kind: 'addTag', tag: 'one-more' }])).toEqual({});
  });

  it('a later action on the same field wins, and back to the original value is no change', () => {
    expect(patchFor(t(1), [{ kind: 'status', status: 'pending' }, { kind: 'status', status: 'open' }])).toEqual({});
    expect(patchFor(t(1), [{ kind: 'status', status: 'pending' }, { kind: 'status', status: 'resolved' }])).toEqual({ status: 'resolved' });
  });
});

describe('macro field changes', () => {
  it('turns a macro into actions, "me" being whoever applies it', () => {
    expect(macroActions({ status: 'pending', assigneeId: 'me', addTags: ['logs'], removeTags: ['new'], groupId: null }, 'u-me')).toEqual([
      { kind: 'status', status: 'pending' },
      { kind: 'group', groupId: null },
      { kind: 'assign', assigneeId: 'u-me' },
      { kind: 'addTag', tag: 'logs' },
      { kind: 'removeTag', tag: 'new' },
    ]);
    expect(macroActions({}, 'u-me')).toEqual([]);
  });
});

describe('shift-click ranges', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it.each([
    ['b', 'd', ['b', 'c', 'd']],
    ['d', 'b', ['b', 'c', 'd']],
    ['c', 'c', ['c']],
    [null, 'c', ['c']],
    ['gone', 'c', ['c']],
  ] as const)('anchor %s to %s', (anchor, target, expected) => {
    expect(rangeBetween(ids, anchor, target)).toEqual(expected);
  });
  it('a target not shown selects nothing', () => expect(rangeBetween(ids, 'a', 'z')).toEqual([]));
});
