import { describe, expect, it } from 'vitest';
import { cap, clip, probe } from './bounded';

describe('bounded diagnostics probes', () => {
  it('answers the data of a probe that finishes in time', async () => {
    expect(await probe('X', 1000, async () => ({ a: 1 }))).toEqual({ a: 1 });
  });

  it('marks a probe that takes too long as unavailable, without waiting for it', async () => {
    const started = Date.now();
    const result = await probe('The service list', 50, () => new Promise((r) => setTimeout(() => r('late'), 2000)));
    expect(result).toEqual({ unavailable: 'The service list took longer than 50 ms and was skipped.' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('marks a failing probe as unavailable with its reason', async () => {
    expect(await probe('The system log', 1000, () => Promise.reject(new Error('permission denied')))).toEqual({
      unavailable: 'The system log could not be read: permission denied',
    });
  });

  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven-char', 10, 'eleven-ch…'],
  ])('clips %j to %i characters', (text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
    expect(clip(text, max).length).toBeLessThanOrEqual(max);
  });

  it('caps lists and says how long they were', () => {
    expect(cap([1, 2, 3], 5)).toEqual({ items: [1, 2, 3], total: 3, truncated: false });
    expect(cap([1, 2, 3, 4, 5, 6], 4)).toEqual({ items: [1, 2, 3, 4], total: 6, truncated: true });
  });
});
