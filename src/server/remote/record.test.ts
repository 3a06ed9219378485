import { describe, expect, it } from 'vitest';
import { boundData, RECORD_LINE_MAX_CHARS } from './record';

describe('boundData', () => {
  it('keeps a line that fits as it is', () => {
    const data = { tab: 1, text: 'ls -la\n' };
    expect(boundData(data)).toBe(data);
  });

  it('cuts a long string to fit and marks the line cut', () => {
    const bounded = boundData({ tab: 2, text: 'x'.repeat(100_000) });
    expect(bounded.tab).toBe(2);
    expect(bounded.cut).toBe(true);
    expect((bounded.text as string).startsWith('xxx')).toBe(true);
    expect(JSON.stringify(bounded).length).toBeLessThanOrEqual(RECORD_LINE_MAX_CHARS);
  });

  it('drops a value too big to keep whole rather than the line', () => {
    const bounded = boundData({ name: 'a.txt', list: Array.from({ length: 10_000 }, (_, i) => i) });
    expect(bounded).toEqual({ name: 'a.txt', cut: true });
  });
});
