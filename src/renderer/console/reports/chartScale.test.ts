import { describe, expect, it } from 'vitest';
import { countAxis, labelledIndexes } from './chartScale';

describe('count axis', () => {
  it.each([
    [0, 1, [0, 1]],
    [1, 1, [0, 1]],
    [3, 3, [0, 1, 2, 3]],
    [4, 4, [0, 1, 2, 3, 4]],
    [5, 6, [0, 2, 4, 6]],
    [7, 8, [0, 2, 4, 6, 8]],
    [9, 10, [0, 5, 10]],
    [17, 20, [0, 5, 10, 15, 20]],
    [38, 40, [0, 10, 20, 30, 40]],
    [41, 60, [0, 20, 40, 60]],
    [930, 1000, [0, 500, 1000]],
  ])('max %d → top %d, ticks %j', (max, top, ticks) => {
    expect(countAxis(max)).toEqual({ top, ticks });
  });
});

describe('x-axis labels', () => {
  it.each([
    [0, []],
    [1, [0]],
    [5, [0, 1, 2, 3, 4]],
    [7, [0, 2, 4, 6]],
    [30, [0, 6, 12, 18, 24, 29]],
    [31, [0, 6, 12, 18, 24, 30]],
    [90, [0, 18, 36, 54, 72, 89]],
  ])('%d days → %j', (n, expected) => {
    expect(labelledIndexes(n)).toEqual(expected);
  });
});
