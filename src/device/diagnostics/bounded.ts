import type { Unavailable } from '../../shared/domain/diagnostics';

/**
 * Runs one diagnostics probe with a time limit: its data, or an `unavailable` marker saying why.
 * A probe that hangs (a stuck mount, a slow service manager) costs the snapshot its section, not
 * the whole snapshot.
 */
export async function probe<T>(what: string, timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T | Unavailable> {
  let timer: NodeJS.Timeout | undefined;
  // Aborted at the limit, so work that can be stopped (a reader on its own thread) is.
  const stop = new AbortController();
  const timeout = new Promise<Unavailable>((resolve) => {
    timer = setTimeout(() => {
      resolve({ unavailable: `${what} took longer than ${timeoutMs} ms and was skipped.` });
      stop.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      run(stop.signal).catch((err: unknown): Unavailable => ({ unavailable: `${what} could not be read: ${clip(err instanceof Error ? err.message : String(err), 200)}` })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cuts text to at most `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Keeps at most `max` items and says how many there were. */
export function cap<T>(items: T[], max: number): { items: T[]; total: number; truncated: boolean } {
  return { items: items.slice(0, max), total: items.length, truncated: items.length > max };
}
