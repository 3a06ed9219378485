import { describe, expect, it } from 'vitest';
import { pageLimits } from './snapshot';

const first = (pageSize: number, n: number) => {
  const limits = pageLimits(pageSize);
  return Array.from({ length: n }, () => limits.next().value);
};

describe('snapshot page limits', () => {
  it('start small and grow to the page size asked for, then stay there', () => {
    expect(first(5_000, 5)).toEqual([500, 2_000, 5_000, 5_000, 5_000]);
    expect(first(20_000, 5)).toEqual([500, 2_000, 8_000, 20_000, 20_000]);
  });

  it('never exceed a small page size', () => {
    expect(first(3, 3)).toEqual([3, 3, 3]);
    expect(first(1_000, 3)).toEqual([500, 1_000, 1_000]);
  });
});
