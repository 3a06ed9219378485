import { describe, expect, it } from 'vitest';
import { formatDuration } from './reportFormat';

describe('durations as people read them', () => {
  it.each([
    [null, '—'],
    [0, '0 s'],
    [59.4, '59 s'],
    [60, '1 min'],
    [89, '1 min'],
    [90, '2 min'],
    [3569, '59 min'],
    [3570, '1 h'], // 59.5 minutes rounds to the hour
    [3600 + 25 * 60, '1 h 25 min'],
    [86_399, '1 d'],
    [86_400, '1 d'],
    [86_400 * 2 + 3600 * 5 + 1200, '2 d 5 h'],
    [86_400 * 10 + 3600 * 23 + 1900, '11 d'], // 10 d 23.5 h rounds to 11 d
  ])('%s seconds → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
