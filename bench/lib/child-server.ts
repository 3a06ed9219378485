import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A bench server in a child process (tsx): its first JSON line on stdout, and a way to stop it. */
export interface ChildServer<T> {
  info: T;
  stop(): Promise<void>;
}

export async function startChildServer<T>(entry: string, env: Record<string, string>, timeoutMs = 600_000): Promise<ChildServer<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const end = Date.now() + timeoutMs;
  for (;;) {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) {
      return {
        info: JSON.parse(line) as T,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start (exit ${child.exitCode}): ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
