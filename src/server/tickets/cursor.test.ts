import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

const id = '0b7c3f5e-2f7a-4d39-9b7a-0f6d1f1e2a3b';
const at = '2026-05-01T12:00:00.123Z';

describe('ticket list cursor', () => {
  it('round-trips for each sort', () => {
    expect(decodeCursor(encodeCursor({ sort: 'updated_desc', at, id }), 'updated_desc')).toEqual({ sort: 'updated_desc', at, id });
    expect(decodeCursor(encodeCursor({ sort: 'priority', priority: 'P2', at, id }), 'priority')).toEqual({ sort: 'priority', priority: 'P2', at, id });
  });

  it.each([
    ['another sort', encodeCursor({ sort: 'created_desc', at, id }), 'updated_desc'],
    ['priority sort without a priority', encodeCursor({ sort: 'priority', at, id }), 'priority'],
    ['not base64 JSON', 'not-a-cursor', 'updated_desc'],
    ['a bad id', Buffer.from(JSON.stringify(['updated_desc', null, at, 'x'])).toString('base64url'), 'updated_desc'],
    ['a bad time', Buffer.from(JSON.stringify(['updated_desc', null, 'yesterday', id])).toString('base64url'), 'updated_desc'],
    ['a bad priority', Buffer.from(JSON.stringify(['priority', 'P9', at, id])).toString('base64url'), 'priority'],
  ] as const)('refuses %s', (_what, raw, sort) => {
    expect(() => decodeCursor(raw, sort)).toThrow(/not valid/);
  });
});
