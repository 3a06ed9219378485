import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs a few lines in a fresh Node process with the guards installed (tsx), and returns its output. */
function run(body: string) {
  const script = `
    import pino from 'pino';
    import { installCrashGuards } from './src/device/agent/crash-guards.ts';
    installCrashGuards(pino({ name: 'tandem-agent' }));
    ${body}
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message?: string; stack?: string } }) };
}

describe('agent crash guards', () => {
  it('logs an unhandled rejection with its stack and keeps running', () => {
    const { code, lines } = run(`
      Promise.reject(new Error('channel closed'));
      setTimeout(() => { console.log(JSON.stringify({ level: 30, msg: 'still here' })); }, 100);
    `);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'unhandled rejection (the agent keeps running)', err: { message: 'channel closed' } });
    expect(lines[0]!.err!.stack).toContain('channel closed');
    expect(lines.at(-1)).toMatchObject({ msg: 'still here' });
  });

  it('logs an uncaught exception as fatal and exits with 1', () => {
    const { code, lines } = run(`
      setTimeout(() => { throw new Error('broken state'); }, 10);
      setTimeout(() => { console.log(JSON.stringify({ level: 30, msg: 'should not run' })); }, 500);
    `);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, msg: 'uncaught exception: the agent stops', err: { message: 'broken state' } });
  });
});
