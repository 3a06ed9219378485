import { describe, expect, it } from 'vitest';
import { watchStalls } from './stall-watch';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('agent stall watch', () => {
  it('logs how long the thread was held up, and nothing while it runs freely', async () => {
    const lines: Array<{ stalledMs: number }> = [];
    const stop = watchStalls({ warn: (o: { stalledMs: number }) => void lines.push(o) } as never, { everyMs: 20, reportOverMs: 250 });
    try {
      await tick(100);
      expect(lines).toEqual([]);
      busy(700);
      await tick(60);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.stalledMs).toBeGreaterThanOrEqual(600);
    } finally {
      stop();
    }
  });
});
