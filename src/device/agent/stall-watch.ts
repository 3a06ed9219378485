import type { Logger } from 'pino';

/**
 * Logs when the agent's thread was held up: a timer that should fire every `everyMs` ran more than
 * `reportOverMs` late. A stalled agent misses heartbeats and remote-session frames while looking
 * healthy from outside; this line in its log says when and for how long.
 */
export function watchStalls(log: Pick<Logger, 'warn'>, { everyMs = 500, reportOverMs = 2000 } = {}): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - everyMs;
    last = now;
    if (late > reportOverMs) log.warn({ stalledMs: Math.round(late) }, 'the agent was stalled: its timers ran late');
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
