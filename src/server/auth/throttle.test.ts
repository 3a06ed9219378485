import { describe, expect, it } from 'vitest';
import { delayAfter } from './throttle';

describe('sign-in delay', () => {
  it.each([
    [1, 0],
    [2, 0],
    [3, 1_000],
    [4, 2_000],
    [5, 4_000],
    [8, 32_000],
    [9, 60_000],
    [50, 60_000],
  ])('account: after %i failures wait %i ms', (failures, ms) => expect(delayAfter('account', failures)).toBe(ms));

  it.each([
    [10, 0],
    [11, 500],
    [12, 1_000],
    [20, 30_000],
  ])('address: after %i failures wait %i ms', (failures, ms) => expect(delayAfter('address', failures)).toBe(ms));
});
