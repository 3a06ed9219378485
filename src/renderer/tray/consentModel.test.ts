import { describe, expect, it } from 'vitest';
import { answerOf, promptDeadline, secondsUntil, toggleGrant } from './consentModel';

describe('the consent prompt', () => {
  it.each([
    ['answerBy first', { answerBy: 1_020_000 }, 1_000_000, 1_020_000],
    ['arrived late: the device’s deadline stands', { answerBy: 1_005_000 }, 1_000_000, 1_005_000],
    ['device clock ahead: never more than 30 s from arrival', { answerBy: 1_090_000 }, 1_000_000, 1_030_000],
  ])('deadline: %s', (_what, request, receivedAt, deadline) => {
    expect(promptDeadline(request, receivedAt)).toBe(deadline);
  });

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
