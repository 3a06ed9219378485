import { Worker } from 'node:worker_threads';
import type si from 'systeminformation';

type Si = typeof si;
/** The systeminformation readers diagnostics use (si-worker.mjs allows these only). */
export type SiCall = 'osInfo' | 'system' | 'cpu' | 'mem' | 'currentLoad' | 'fsSize' | 'networkInterfaces' | 'processes' | 'services';
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
interface Waiting {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** The thread is let go this long after its last answer (it holds tens of MB while it lives). */
const IDLE_MS = 30_000;

let thread: { worker: Worker; waiting: Map<number, Waiting>; idle: NodeJS.Timeout | null } | null = null;
let nextId = 0;

function open() {
  if (thread) return thread;
  const worker = new Worker(new URL('./si-worker.mjs', import.meta.url));
  worker.unref(); // never what keeps the agent (or a test run) alive
  const t = { worker, waiting: new Map<number, Waiting>(), idle: null as NodeJS.Timeout | null };
  const fail = (err: Error) => {
    if (thread === t) thread = null;
    for (const w of t.waiting.values()) w.reject(err);
    t.waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const w = t.waiting.get(reply.id);
    t.waiting.delete(reply.id);
    if (reply.ok) w?.resolve(reply.value);
    else w?.reject(new Error(reply.message));
    settle(t);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the diagnostics thread stopped (exit code ${code})`)));
  thread = t;
  return t;
}

function settle(t: NonNullable<typeof thread>) {
  if (t.idle) clearTimeout(t.idle);
  t.idle = null;
  if (t.waiting.size > 0) return;
  t.idle = setTimeout(() => {
    if (thread === t && t.waiting.size === 0) {
      thread = null;
      void t.worker.terminate();
    }
  }, IDLE_MS);
  t.idle.unref();
}

/**
 * Runs one systeminformation reader on the diagnostics thread (see si-worker.mjs), so the agent's
 * own thread stays free while the reader runs programs synchronously. `signal` (the probe's time
 * limit) stops waiting for it; the reader itself finishes on that thread.
 */
export function siOnThread<K extends SiCall>(fn: K, args: readonly unknown[], signal?: AbortSignal): Promise<Awaited<ReturnType<Si[K]>>> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('stopped before it started'));
    const t = open();
    const id = ++nextId;
    const onAbort = () => {
      t.waiting.delete(id);
      reject(new Error('stopped: over its time limit'));
      settle(t);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    t.waiting.set(id, {
      resolve: (value) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value as Awaited<ReturnType<Si[K]>>);
      },
      reject: (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      },
    });
    if (t.idle) clearTimeout(t.idle);
    t.idle = null;
    t.worker.postMessage({ id, fn, args });
  });
}
