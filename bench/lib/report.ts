/**
 * What every benchmark shares: the JSON line format of shared/BENCHMARKS.md on stdout, logs on
 * stderr, the prefix filter, and the scale knob for quick runs.
 */

export interface BenchLine {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  peer?: string;
  peer_value?: number;
  /** Ours over theirs for rates, theirs over ours for latencies: above 1 means Tandem is ahead. */
  ratio?: number;
  n?: number;
  env?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** Name prefixes to run (`npm run bench -- sync remote.shell`); empty means all. */
export function prefixes(argv = process.argv.slice(2)): string[] {
  return argv.filter((a) => !a.startsWith('-'));
}

/** Whether a benchmark name is selected by the command line's prefixes. */
export function selected(name: string, wanted = prefixes()): boolean {
  return wanted.length === 0 || wanted.some((p) => name.startsWith(p));
}

/** BENCH_SCALE=0.1 runs a tenth of the work, for a quick check; reported figures use 1. */
export const SCALE = Number(process.env.BENCH_SCALE ?? '1');

export function scaled(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000);

/** Prints one figure as a JSON line on stdout. */
export function emit(line: BenchLine): void {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(line)) if (v !== undefined) out[k] = typeof v === 'number' ? round(v) : v;
  if (SCALE !== 1) out.env = { ...(out.env as object), scale: SCALE };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** Logs progress on stderr, with the seconds since the process started. */
export function log(...parts: unknown[]): void {
  process.stderr.write(`[${(performance.now() / 1000).toFixed(1)}s] ${parts.map(String).join(' ')}\n`);
}

/** A percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Milliseconds taken by `work`, and its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}
