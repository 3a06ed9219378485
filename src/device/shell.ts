import { writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as pty from 'node-pty';

/** How much output a shell keeps for replay after a reconnect, unless told otherwise. */
export const DEFAULT_SCROLLBACK_BYTES = 256 * 1024;

export interface ShellSize {
  cols: number;
  rows: number;
}

export interface ShellOptions extends ShellSize {
  /** Program to run; default the user's login shell ($SHELL, else /bin/bash, cmd.exe on Windows). */
  shell?: string;
  /** Arguments; default `-l` (a login shell) on Unix. */
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Bytes of output kept for replay. */
  scrollbackBytes?: number;
}

export interface ShellExit {
  exitCode: number;
  /** The signal that ended it, if any (0 when none). */
  signal: number;
}

const clampSize = (n: number) => Math.max(1, Math.min(1000, Math.floor(n)));

/**
 * One shell on the device, in a real pseudo-terminal. Output goes to every listener and into a
 * bounded scrollback, so a viewer who reconnects can be shown the recent screen before new output.
 */
export class ShellSession {
  private readonly term: pty.IPty;
  private readonly chunks: string[] = [];
  private keptChars = 0;
  private readonly limit: number;
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<(exit: ShellExit) => void>();
  private exitState: ShellExit | null = null;
  /** The PTY's master side, written directly (see {@link write}); null where there is none (Windows). */
  private readonly masterFd: number | null;
  /** Input the PTY has not taken yet (it was full), oldest first, and the timer that retries it. */
  private readonly unwritten: Buffer[] = [];
  private retry: NodeJS.Timeout | null = null;
  private retryMs = 1;
  /** Resolves when the shell has exited. */
  readonly exited: Promise<ShellExit>;

  constructor(options: ShellOptions) {
    const windows = process.platform === 'win32';
    const shell = options.shell ?? (windows ? 'cmd.exe' : (process.env.SHELL ?? '/bin/bash'));
    const args = options.args ?? (windows ? [] : ['-l']);
    this.limit = options.scrollbackBytes ?? DEFAULT_SCROLLBACK_BYTES;
    this.term = pty.spawn(shell, args, {
      name: 'xterm-256color',
      cols: clampSize(options.cols),
      rows: clampSize(options.rows),
      cwd: options.cwd ?? process.env.HOME ?? userInfo().homedir,
      env: { ...(process.env as Record<string, string>), TERM: 'xterm-256color', ...options.env },
    });
    const fd = (this.term as { fd?: unknown }).fd;
    this.masterFd = !windows && typeof fd === 'number' ? fd : null;
    this.term.onData((data) => {
      this.keep(data);
      for (const listener of this.dataListeners) listener(data);
    });
    this.exited = new Promise((resolve) => {
      this.term.onExit(({ exitCode, signal }) => {
        this.exitState = { exitCode, signal: signal ?? 0 };
        this.dropUnwritten();
        for (const listener of this.exitListeners) listener(this.exitState);
        resolve(this.exitState);
      });
    });
  }

  get pid(): number {
    return this.term.pid;
  }

  get size(): ShellSize {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  /** The exit, once the shell has ended; null while it runs. */
  get exit(): ShellExit | null {
    return this.exitState;
  }

  /**
   * Sends keystrokes (or pasted text) to the shell. Ignored once it has exited.
   *
   * On Unix the bytes go straight into the PTY's (non-blocking) master with one write(2) here:
   * node-pty 1.1's own `write` queues them for `fs.write`, a round trip through libuv's thread pool
   * that cost a keystroke ~0.04 ms at the median and several ms at the 99th percentile on a busy
   * machine (unixTerminal.js `CustomWriteStream`). What the PTY does not take at once (a long paste
   * into a busy program) waits here, in order, and is retried after 1 ms, backing off to 50 ms while
   * the program reads nothing.
   */
  write(data: string): void {
    if (this.exitState) return;
    if (this.masterFd === null) return this.term.write(data);
    const bytes = Buffer.from(data, 'utf8');
    if (this.unwritten.length > 0) this.unwritten.push(bytes);
    else this.writeOut(bytes);
  }

  resize(size: ShellSize): void {
    if (!this.exitState) this.term.resize(clampSize(size.cols), clampSize(size.rows));
  }

  /** Ends the shell (SIGHUP, as when a terminal closes, unless another signal is named). */
  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    if (this.exitState) return;
    try {
      this.term.kill(process.platform === 'win32' ? undefined : signal);
    } catch {
      // Already gone between the check and the kill.
    }
  }

  /** Calls `listener` with each piece of output; answers a function that stops it. */
  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: (exit: ShellExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** The kept recent output, oldest first, to replay to a viewer who (re)joins. */
  scrollback(): string {
    return this.chunks.join('');
  }

  /** Writes what the PTY takes now; keeps the rest, in front of anything written later. */
  private writeOut(bytes: Buffer): void {
    let taken = 0;
    try {
      taken = writeSync(this.masterFd!, bytes);
    } catch (err) {
      // EAGAIN: the PTY is full, try again soon. Anything else (EIO: the shell is gone) ends
      // input for good; the exit comes through onExit.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return this.dropUnwritten();
    }
    if (taken >= bytes.length) return;
    this.unwritten.unshift(bytes.subarray(taken));
    this.retryMs = taken > 0 ? 1 : Math.min(50, this.retryMs * 2);
    this.retry ??= setTimeout(() => this.retryUnwritten(), this.retryMs);
  }

  private retryUnwritten(): void {
    this.retry = null;
    while (this.unwritten.length > 0 && !this.retry && !this.exitState) this.writeOut(this.unwritten.shift()!);
  }

  private dropUnwritten(): void {
    this.unwritten.length = 0;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** Keeps output up to the limit, dropping the oldest (characters, close enough to bytes for a bound). */
  private keep(data: string) {
    this.chunks.push(data);
    this.keptChars += data.length;
    while (this.keptChars > this.limit && this.chunks.length > 0) {
      const overflow = this.keptChars - this.limit;
      const first = this.chunks[0]!;
      if (first.length <= overflow) {
        this.chunks.shift();
        this.keptChars -= first.length;
      } else {
        this.chunks[0] = first.slice(overflow);
        this.keptChars -= overflow;
      }
    }
  }
}

/** Starts a shell in a new pseudo-terminal of the given size. */
export function startShell(options: ShellOptions): ShellSession {
  return new ShellSession(options);
}
