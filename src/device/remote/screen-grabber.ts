import { Worker } from 'node:worker_threads';
import type { CapturedImage } from './frame';

export interface GrabRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

type WorkerReply =
  | { t: 'opened' }
  | ({ t: 'frame'; n: number } & CapturedImage)
  | { t: 'error'; n?: number; message: string };

/**
 * Screen grabs on a worker thread (see screen-grab-worker.mjs), one at a time. Call {@link open}
 * only once a display has answered (`loadNut` checks that): the worker then loads nut-js.
 */
export class ScreenGrabber {
  private next = 0;
  /** Buffers of frames handed out and not released: only these may go back (see {@link release}). */
  private readonly handedOut = new WeakSet<ArrayBuffer>();
  private readonly waiting = new Map<number, { resolve: (i: CapturedImage) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.t === 'opened') return;
      const n = reply.n ?? -1;
      const waiter = this.waiting.get(n);
      if (!waiter) return;
      this.waiting.delete(n);
      if (reply.t === 'error') return waiter.reject(new Error(reply.message));
      this.handedOut.add(reply.data.buffer as ArrayBuffer);
      waiter.resolve(reply);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('The screen grabber stopped.')));
    // Never keeps the device process alive by itself.
    worker.unref();
  }

  private static shared: Promise<ScreenGrabber> | null = null;

  /**
   * The process's one grabber, started on first use and kept for later sessions: ending a worker
   * that holds nut-js's native module and an X connection can take the whole process down, so it
   * is never ended (it is unref'd, so it keeps nothing alive). Rejects when it cannot start.
   */
  static get(): Promise<ScreenGrabber> {
    ScreenGrabber.shared ??= ScreenGrabber.open().catch((err: Error) => {
      ScreenGrabber.shared = null;
      throw err;
    });
    return ScreenGrabber.shared;
  }

  /** Starts a worker and loads nut-js in it; rejects when either fails (the caller grabs itself). */
  static open(): Promise<ScreenGrabber> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./screen-grab-worker.mjs', import.meta.url));
      const fail = (err: Error) => {
        void worker.terminate();
        reject(err);
      };
      worker.once('error', fail);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', fail);
        if (reply.t === 'opened') resolve(new ScreenGrabber(worker));
        else fail(new Error(reply.t === 'error' ? reply.message : 'unexpected reply'));
      });
      worker.postMessage({ t: 'open' });
    });
  }

  /** One grab of the whole screen (no region) or of a region. */
  grab(region: GrabRegion | null): Promise<CapturedImage> {
    const n = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(n, { resolve, reject });
      this.worker.postMessage({ t: 'grab', n, region });
    });
  }

  /**
   * Hands a frame's buffer back for a later grab to fill, once nothing reads it any more (it is
   * moved to the worker: views of it here become empty). Only whole buffers of the grabber's own
   * frames are taken; anything else is left alone.
   */
  release(data: Uint8Array): void {
    const buffer = data.buffer;
    if (!(buffer instanceof ArrayBuffer) || data.byteOffset !== 0 || data.byteLength !== buffer.byteLength || !this.handedOut.delete(buffer)) return;
    this.worker.postMessage({ t: 'release', buffer }, [buffer]);
  }

  /** Stops the worker (resolves once it is gone); for tests, not for the shared grabber. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}
