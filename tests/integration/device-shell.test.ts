import { afterEach, describe, expect, it } from 'vitest';
import { startShell, type ShellSession } from '../../src/device/shell';

const open: ShellSession[] = [];
const shell = (options: Parameters<typeof startShell>[0]) => {
  const s = startShell({ shell: '/bin/bash', args: ['--noprofile', '--norc', '-i'], env: { PS1: '$ ' }, ...options });
  open.push(s);
  return s;
};

/** Resolves once the shell's output (since `from`) matches. */
const output = (s: ShellSession, pattern: RegExp, timeoutMs = 5000) =>
  new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${String(pattern)} in ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const stop = s.onData((data) => {
      seen += data;
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        stop();
        resolve(m[1] ?? m[0]);
      }
    });
  });

afterEach(async () => {
  for (const s of open.splice(0)) {
    s.kill('SIGKILL');
    await s.exited;
  }
});

describe('shell sessions in a real pseudo-terminal', () => {
  it('runs a command and shows its output', async () => {
    const s = shell({ cols: 80, rows: 24 });
    const seen = output(s, /hello-(\d+)/);
    s.write('echo hello-$((40+2))\r');
    expect(await seen).toBe('42');
  });

  it('starts at the given size, and a resize changes what tput cols reports', async () => {
    const s = shell({ cols: 91, rows: 17 });
    expect(s.size).toEqual({ cols: 91, rows: 17 });
    let seen = output(s, /cols=(\d+) lines=(\d+)/);
    s.write('echo cols=$(tput cols) lines=$(tput lines)\r');
    expect(await seen).toBe('91');
    s.resize({ cols: 132, rows: 40 });
    seen = output(s, /cols=(\d+) lines=40/);
    s.write('echo cols=$(tput cols) lines=$(tput lines)\r');
    expect(await seen).toBe('132');
  });

  it('keeps a paste larger than the terminal takes whole and in order, typed while the program is busy', async () => {
    const s = shell({ cols: 80, rows: 24 });
    const ready = output(s, /rea(dy)/);
    s.write("stty -echo; echo rea''dy; sleep 0.5; wc -l\r");
    await ready;
    // 2000 numbered lines (~200 KB) while sleep reads nothing: the terminal's buffer fills, the rest
    // waits in ShellSession and is retried; wc then counts every line before the end-of-file.
    const lines = Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(4, '0')} ${'x'.repeat(95)}\n`);
    s.write(lines.slice(0, 1000).join(''));
    s.write(lines.slice(1000).join(''));
    s.write('\x04');
    expect(await output(s, /^\s*(\d+)\s*$/m, 20_000)).toBe('2000');
  });

  it('reports the exit code of the shell', async () => {
    const s = shell({ cols: 80, rows: 24 });
    s.write('exit 7\r');
    expect(await s.exited).toMatchObject({ exitCode: 7 });
    expect(s.exit?.exitCode).toBe(7);
    // Writes after the end are ignored rather than thrown.
    expect(() => s.write('echo late\r')).not.toThrow();
  });

  it('kills a shell that is running something', async () => {
    const s = shell({ cols: 80, rows: 24 });
    const started = output(s, /sleeping/);
    s.write("echo sleep''ing; sleep 30\r");
    await started;
    const t0 = Date.now();
    s.kill('SIGKILL');
    const exit = await s.exited;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(exit.signal).toBe(9);
  });

  it('keeps a bounded scrollback of the latest output for replay', async () => {
    const s = shell({ cols: 200, rows: 24, scrollbackBytes: 2000 });
    const done = output(s, /line-0300-end/);
    s.write('for i in $(seq -w 1 300); do echo line-0$i-end; done\r');
    await done;
    const replay = s.scrollback();
    expect(replay.length).toBeLessThanOrEqual(2000);
    expect(replay).toContain('line-0300-end');
    expect(replay).not.toContain('line-0001-end');
  });

  it('starts a login shell by default', async () => {
    const s = startShell({ cols: 80, rows: 24, shell: '/bin/bash' });
    open.push(s);
    // Patterns never match the echo of the typed command itself.
    const seen = output(s, /login_shell\s+(on|off)/);
    s.write('shopt login_shell\r');
    expect(await seen).toBe('on');
  });
});
