/**
 * Keystroke echo, measured the same way over every path (local PTY, `ssh -tt`, Tandem's shell
 * channel): type one printable character into an interactive bash at its prompt and time until
 * readline's echo of it comes back, then erase it (DEL, whose echo is a backspace) untimed, so the
 * line never grows or wraps.
 */
export interface EchoTarget {
  /** Sends keystrokes. */
  type(data: string): void;
  /** Calls `listener` with each piece of output; answers a function that stops it. */
  onOutput(listener: (data: string) => void): () => void;
}

const now = () => performance.now();
const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/** Resolves with the time until output containing `wanted` arrives after `send`. */
function until(target: EchoTarget, wanted: string, send: () => void, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const start = now();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no echo of ${JSON.stringify(wanted)} within ${timeoutMs} ms (saw ${JSON.stringify(seen.slice(-80))})`));
    }, timeoutMs);
    const stop = target.onOutput((data) => {
      const at = now();
      seen += data;
      if (!seen.includes(wanted)) return;
      clearTimeout(timer);
      stop();
      resolve(at - start);
    });
    send();
  });
}

/**
 * Waits for the shell's first output (its prompt), then until it has said nothing for `quietMs`,
 * at most `maxMs` in all. Answers what it said.
 */
export function settled(target: EchoTarget, quietMs = 300, maxMs = 15_000): Promise<string> {
  return new Promise((resolve) => {
    let seen = '';
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(cap);
      stop();
      resolve(seen);
    };
    const cap = setTimeout(done, maxMs);
    const stop = target.onOutput((data) => {
      seen += data;
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    });
  });
}

/** `n` timed keystroke echoes (milliseconds each). */
export async function echoSamples(target: EchoTarget, n: number, timeoutMs = 5000): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = KEYS[i % KEYS.length]!;
    out.push(await until(target, key, () => target.type(key), timeoutMs));
    await until(target, '\b', () => target.type('\x7f'), timeoutMs);
  }
  return out;
}
