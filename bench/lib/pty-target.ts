import * as pty from 'node-pty';
import { ShellSession } from '../../src/device/shell';
import type { EchoTarget } from './echo';

/** A bash without rc files, as every echo path runs it (no prompt hooks, no completion setup). */
export const BARE_BASH = ['/bin/bash', '--norc', '--noprofile', '-i'] as const;

export interface PtyTarget extends EchoTarget {
  kill(): Promise<void>;
}

/** A program in a fresh node-pty, as an echo target: bash itself (local PTY echo) or `ssh -tt` (OpenSSH). */
export function spawnPty(file: string, args: readonly string[]): PtyTarget {
  const term = pty.spawn(file, [...args], {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    cwd: process.env.HOME ?? '/',
    env: { ...(process.env as Record<string, string>), TERM: 'xterm-256color', PS1: '$ ' },
  });
  let exited = false;
  const gone = new Promise<void>((resolve) => term.onExit(() => ((exited = true), resolve())));
  return {
    type: (data) => term.write(data),
    onOutput: (listener) => {
      const d = term.onData(listener);
      return () => d.dispose();
    },
    kill: async () => {
      if (exited) return;
      term.kill('SIGHUP');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
      if (!exited) term.kill('SIGKILL');
    },
  };
}

/**
 * The device's own PTY wrapper (ShellSession: one write(2) straight into the PTY's master, not
 * node-pty's thread-pool write) running bare bash, with no transport: the share of a Tandem echo
 * that is the PTY's and the shell's alone.
 */
export function shellSessionTarget(): PtyTarget {
  const shell = new ShellSession({ cols: 120, rows: 40, shell: BARE_BASH[0], args: BARE_BASH.slice(1), env: { PS1: '$ ' } });
  return {
    type: (data) => shell.write(data),
    onOutput: (listener) => shell.onData(listener),
    kill: async () => {
      shell.kill();
      await Promise.race([shell.exited, new Promise((r) => setTimeout(r, 2000))]);
      shell.kill('SIGKILL');
    },
  };
}
