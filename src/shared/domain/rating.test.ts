import { describe, expect, it } from 'vitest';
import { ratingOfResolution, ratingRefusal, resolutionStart } from './rating';

const me = 'u-1';
const resolved = { requesterId: me, status: 'resolved' as const, resolvedAt: '2026-12-01T10:00:00.000Z', closedAt: null };
const rating = (authorId: string, createdAt: string) => ({ kind: 'rating' as const, authorId, createdAt });

describe('ticket ratings', () => {
  it.each([
    ['new', null, null, null],
    ['open', null, null, null],
    ['pending', null, null, null],
    ['resolved', '2026-12-01T10:00:00.000Z', null, '2026-12-01T10:00:00.000Z'],
    ['closed', '2026-12-01T10:00:00.000Z', '2026-12-03T10:00:00.000Z', '2026-12-01T10:00:00.000Z'],
    // Closed without being resolved first: the closing starts the resolution.
    ['closed', null, '2026-12-03T10:00:00.000Z', '2026-12-03T10:00:00.000Z'],
  ] as const)('a %s ticket (resolvedAt %s, closedAt %s) is rateable since %s', (status, resolvedAt, closedAt, expected) => {
    expect(resolutionStart({ requesterId: me, status, resolvedAt, closedAt })).toBe(expected);
  });

  it('the requester may rate a resolved ticket once per resolution', () => {
    expect(ratingRefusal(me, resolved, [])).toBeNull();
    // A rating of an earlier resolution (before a reopen) does not count for this one.
    expect(ratingRefusal(me, resolved, [rating(me, '2026-11-30T09:00:00.000Z')])).toBeNull();
    // Someone else's rating does not use up the requester's.
    expect(ratingRefusal(me, resolved, [rating('u-2', '2026-12-01T11:00:00.000Z')])).toBeNull();
    const again = ratingRefusal(me, resolved, [rating(me, '2026-12-01T10:00:00.000Z')]);
    expect(again?.code).toBe('conflict');
    expect(again?.message).toContain('already rated');
  });

  it('refuses anyone but the requester, and tickets not yet resolved', () => {
    expect(ratingRefusal('u-2', resolved, [])?.code).toBe('forbidden');
    expect(ratingRefusal(me, { ...resolved, status: 'open', resolvedAt: null }, [])?.code).toBe('conflict');
  });

  it('finds the rating of the current resolution', () => {
    const old = rating(me, '2026-11-30T09:00:00.000Z');
    const now = rating(me, '2026-12-01T12:00:00.000Z');
    expect(ratingOfResolution(me, resolved, [old, now])).toBe(now);
    expect(ratingOfResolution(me, resolved, [old])).toBeNull();
  });
});
