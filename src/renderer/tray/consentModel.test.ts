import { describe, expect, it } from 'vitest';
import { answerOf, promptDeadline, promptSeconds, secondsUntil, toggleGrant } from './consentModel';

describe('the consent prompt', () => {
  it.each([
    ['answerBy first', { answerBy: 1_020_000, answerWithinMs: 30_000 }, 1_000_000, 1_020_000],
    ['arrived late: the device’s deadline stands', { answerBy: 1_005_000, answerWithinMs: 30_000 }, 1_000_000, 1_005_000],
    ['renderer clock behind the device’s: never more than the time left from arrival', { answerBy: 1_090_000, answerWithinMs: 30_000 }, 1_000_000, 1_030_000],
    ['a server set to 25 s: 25 s from arrival at most', { answerBy: 1_090_000, answerWithinMs: 25_000 }, 1_000_000, 1_025_000],
    ['a window longer than 30 s is still capped at 30 s', { answerBy: 1_090_000, answerWithinMs: 60_000 }, 1_000_000, 1_030_000],
  ])('deadline: %s', (_what, request, receivedAt, deadline) => {
    expect(promptDeadline(request, receivedAt)).toBe(deadline);
  });

  it.each([
    [30_000, 30],
    [25_000, 25],
    [4_200, 5],
    [0, 1],
  ])('a window of %i ms counts down from %i s', (ms, s) => expect(promptSeconds({ answerWithinMs: ms })).toBe(s));

  it.each([
    [30_000, 30],
    [29_500, 30],
    [1, 1],
    [0, 0],
    [-1, 0],
  ])('%i ms left → %i s', (ms, s) => expect(secondsUntil(ms, 0)).toBe(s));

  const asked = ['view', 'control', 'shell', 'chat'] as const;
  it.each([
    ['turning view off takes control too', ['view', 'control', 'shell'], 'view', false, ['shell']],
    ['turning control on brings view', ['shell'], 'control', true, ['view', 'control', 'shell']],
    ['a right not asked for stays off', ['view'], 'files', true, ['view']],
    ['control off keeps view', ['view', 'control'], 'control', false, ['view']],
  ] as const)('%s', (_what, granted, right, on, expected) => {
    expect(toggleGrant(asked, granted, right, on)).toEqual(expected);
  });

  it('Accept with rights grants them; with none, or Refuse, is a refusal', () => {
    expect(answerOf('p1', ['view', 'shell'], true)).toEqual({ promptId: 'p1', granted: ['view', 'shell'], refused: false });
    expect(answerOf('p1', [], true)).toMatchObject({ promptId: 'p1', granted: [], refused: true });
    expect(answerOf('p1', ['view'], false)).toMatchObject({ promptId: 'p1', granted: [], refused: true });
  });
});
