import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, decodeQueueState, encodeQueueState, type QueueState } from './queueUrl';

const G = '11111111-1111-4111-8111-111111111111';
const U = '22222222-2222-4222-8222-222222222222';
const V = '33333333-3333-4333-8333-333333333333';

describe('queue state in the URL', () => {
  it('the default state is an empty query string', () => {
    expect(encodeQueueState(DEFAULT_STATE).toString()).toBe('');
    expect(decodeQueueState(new URLSearchParams())).toEqual(DEFAULT_STATE);
  });

  it('writes every filter with short names', () => {
    const state: QueueState = {
      view: { kind: 'builtin', id: 'my_open' },
      filter: { status: 'open', priority: 'P1', type: 'incident', groupId: G, assignee: 'me', requesterId: U, tags: ['vpn', 'laptop'], createdFrom: '2026-11-01', createdTo: '2026-11-30', updatedFrom: '2026-12-01', updatedTo: '2026-12-02' },
      sort: { column: 'priority', direction: 'asc' },
      query: 'printer jam',
    };
    const text = encodeQueueState(state).toString();
    expect(text).toBe(
      `view=my_open&status=open&priority=P1&type=incident&group=${G}&assignee=me&requester=${U}&tags=vpn%2Claptop&created_from=2026-11-01&created_to=2026-11-30&updated_from=2026-12-01&updated_to=2026-12-02&sort=priority%3Aasc&q=printer+jam`,
    );
    expect(decodeQueueState(new URLSearchParams(text))).toEqual(state);
  });

  it('round-trips a custom view', () => {
    const state: QueueState = { ...DEFAULT_STATE, view: { kind: 'custom', id: V }, filter: { groupId: 'none', assignee: 'unassigned' } };
    expect(decodeQueueState(encodeQueueState(state))).toEqual(state);
  });

  it('drops each value that does not parse, keeping the rest', () => {
    const p = new URLSearchParams('view=nonsense&status=sleeping&priority=P2&group=not-a-uuid&tags=ok,bad tag&created_from=yesterday&sort=shoe:up');
    expect(decodeQueueState(p)).toEqual({ view: { kind: 'builtin', id: 'all' }, filter: { priority: 'P2' }, sort: { column: 'updated', direction: 'desc' }, query: '' });
  });
});
