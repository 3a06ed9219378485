import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `src/server/cli.ts` as a real process, exactly as `npm start` runs the built one. */
function startCli(args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TANDEM_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 45_000);
    const onData = () => {
      const m = /Web console: (http:\/\/[^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ child, url: m[1]!, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${out}`));
    });
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('tandem server process', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-cli-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('refuses bad flags and bad environment with a clear message and exit code 2', async () => {
    const badFlag = await runCli(['--no-such-flag']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.output).toMatch(/Unknown option '--no-such-flag'/);
    expect(badFlag.output).toMatch(/Usage: tandem-server/);

    const badPort = await runCli(['--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.output).toMatch(/port:/);

    const halfAdmin = await runCli([], { TANDEM_ADMIN_EMAIL: 'a@tandem.test' });
    expect(halfAdmin.code).toBe(2);
    expect(halfAdmin.output).toMatch(/Set both TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD/);

    const badDb = await runCli([], { DATABASE_URL: 'mysql://x' });
    expect(badDb.code).toBe(2);
    expect(badDb.output).toMatch(/DATABASE_URL must start with postgres/);
  });

  it('prints a setup link on first run, finishes in-flight requests on SIGTERM, and keeps data across restarts', async () => {
    const first = await startCli(['--port', '0', '--data-dir', dataDir], {});
    const setup = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(first.output());
    expect(setup).not.toBeNull();
    expect(((await (await fetch(`${first.url}/api/health`)).json()) as { status: string }).status).toBe('ok');

    const created = await fetch(`${first.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: setup![1], email: 'owner@tandem.test', name: 'Owner', password: 'owner-password-1' }),
    });
    expect(created.status).toBe(200);

    // A sign-in (an argon2 verify, tens of ms) is in flight when SIGTERM arrives: it must complete.
    const inFlight = fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@tandem.test', password: 'owner-password-1' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await first.exited).toBe(0);
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow();

    const second = await startCli(['--port', '0', '--data-dir', dataDir], {});
    expect(second.output()).not.toMatch(/setup\?token=/);
    const login = await fetch(`${second.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@tandem.test', password: 'owner-password-1' }),
    });
    expect(login.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
