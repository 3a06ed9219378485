import { describe, expect, it } from 'vitest';
import { TandemError } from '../../shared/errors';
import { assertRequesterStatusChange, assertStatusChangeAllowed, statusAfterReply, statusTimestamps } from './status-rules';

const now = new Date('2026-05-01T12:00:00.000Z');
const earlier = new Date('2026-04-30T09:00:00.000Z');

describe('statusTimestamps', () => {
  it.each([
    ['resolved', null, { resolvedAt: now, closedAt: null }],
    ['resolved', earlier, { resolvedAt: now, closedAt: null }],
    ['closed', earlier, { resolvedAt: earlier, closedAt: now }],
    ['closed', null, { resolvedAt: null, closedAt: now }],
    ['open', earlier, { resolvedAt: null, closedAt: null }],
    ['pending', earlier, { resolvedAt: null, closedAt: null }],
  ] as const)('to %s with resolvedAt %s', (to, resolvedAt, expected) => {
    expect(statusTimestamps(to, now, { resolvedAt })).toEqual(expected);
  });
});

const codeOf = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof TandemError ? e.code : 'other';
  }
};

describe('status changes', () => {
  it.each([
    ['closed', 'open', 'conflict'],
    ['closed', 'resolved', 'conflict'],
    ['closed', 'closed', null],
    ['resolved', 'closed', null],
    ['new', 'pending', null],
  ] as const)('anyone: %s → %s', (from, to, code) => {
    expect(codeOf(() => assertStatusChangeAllowed(from, to))).toBe(code);
  });

  it.each([
    ['new', 'resolved', null],
    ['pending', 'resolved', null],
    ['resolved', 'open', null],
    ['new', 'open', 'forbidden'],
    ['pending', 'open', 'forbidden'],
    ['open', 'pending', 'forbidden'],
    ['open', 'closed', 'forbidden'],
    ['closed', 'open', 'conflict'],
  ] as const)('requester: %s → %s', (from, to, code) => {
    expect(codeOf(() => assertRequesterStatusChange(from, to))).toBe(code);
  });
});

describe('statusAfterReply', () => {
  const requesterId = 'req';
  it.each([
    ['new', { id: 'agent', isStaff: true }, 'reply', 'open'],
    ['new', { id: 'agent', isStaff: true }, 'note', null],
    ['pending', { id: 'agent', isStaff: true }, 'reply', null],
    ['new', { id: 'req', isStaff: false }, 'reply', null],
    ['pending', { id: 'req', isStaff: false }, 'reply', 'open'],
    ['resolved', { id: 'req', isStaff: false }, 'reply', 'open'],
    ['on_hold', { id: 'req', isStaff: false }, 'reply', null],
    ['pending', { id: 'cc-person', isStaff: false }, 'reply', null],
  ] as const)('%s ticket, %o writes a %s → %s', (status, author, kind, expected) => {
    expect(statusAfterReply({ status, requesterId }, author, kind)).toBe(expected);
  });
});
