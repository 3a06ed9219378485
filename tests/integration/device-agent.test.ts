import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfig } from '../../src/device/agent/config';
import { DiagnosticsSnapshot } from '../../src/shared/domain/diagnostics';
import { createUser, type ApiClient } from '../fixtures/api';
import { AgentProcess } from '../fixtures/agent-process';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

const until = async (check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('headless agent command line flags', () => {
  it.each([
    [['--server', 'not a url', '--enroll', `tdm_enroll_${'a'.repeat(43)}`], /--server must be an http/],
    [['--server', 'ftp://example.test'], /--server must be an http/],
    [['--enroll', 'short-token', '--server', 'http://127.0.0.1:1'], /--enroll: This is not an enrollment token/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['stray'], /positional/],
  ])('refuses %j with exit code 2 and says why', async (args, message) => {
    const agent = AgentProcess.start(args);
    const { code } = await agent.exited;
    expect(code).toBe(2);
    expect(agent.stderr).toMatch(message);
    expect(agent.stderr).toContain('Usage: npm run agent');
  });

  it('refuses to start unenrolled without a token (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-agent-'));
    try {
      const agent = AgentProcess.start(['--config', join(dir, 'config.json'), '--server', 'http://127.0.0.1:1']);
      expect((await agent.exited).code).toBe(2);
      expect(agent.stderr).toMatch(/Not enrolled yet/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(STORE_KINDS)('headless agent against a real server (%s)', (kind) => {
  let ts: TestServer;
  let agentUser: ApiClient;
  let dir: string;
  const running: AgentProcess[] = [];
  // No display for these agents: screen and input must be reported unavailable, not crash them.
  const start = (args: string[]) => {
    const p = AgentProcess.start(args, { DISPLAY: '' });
    running.push(p);
    return p;
  };
  beforeAll(async () => {
    ts = await startTestServer(kind);
    agentUser = await createUser(ts.admin, 'agent');
    dir = await mkdtemp(join(tmpdir(), 'tandem-agent-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await ts?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const online = async (id: string) => ((await ts.admin.get(`/api/devices/${id}`)).body as { online: boolean }).online;
  const newToken = async () => (await ts.admin.post('/api/devices/enrollment-tokens', {})).body.token as string;

  it('enrolls once, keeps presence, answers diagnostics, goes offline when killed and back online from its config alone', async () => {
    const configPath = join(dir, 'enrolled', 'config.json');
    const token = await newToken();
    const first = start(['--server', ts.url, '--enroll', token, '--config', configPath, '--name', 'build-runner-7']);
    await first.waitFor('online: connected to the server');
    const config = AgentConfig.parse(JSON.parse(await readFile(configPath, 'utf8')));
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect(config.server).toBe(ts.url);
    const device = await ts.admin.get(`/api/devices/${config.deviceId}`);
    expect(device.body).toMatchObject({ name: 'build-runner-7', hostname: hostname(), publicKey: config.publicKey, online: true });
    expect(first.stdout).toContain('"msg":"enrolled"');
    await until(async () => (await ts.admin.get(`/api/devices/${config.deviceId}`)).body.capabilities !== null);
    expect((await ts.admin.get(`/api/devices/${config.deviceId}`)).body).toMatchObject({
      agent: 'tandem-agent/0.1.0',
      capabilities: {
        diagnostics: { available: true },
        shell: { available: true },
        screen: { available: false, reason: expect.stringMatching(/DISPLAY is not set/) },
        input: { available: false, reason: expect.stringMatching(/DISPLAY is not set/) },
      },
    });

    // Diagnostics end to end: a real snapshot from this machine, checked against the shared schema.
    const res = await agentUser.post(`/api/devices/${config.deviceId}/diagnostics`, {});
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const snapshot = DiagnosticsSnapshot.parse(res.body);
    expect(snapshot.os).toMatchObject({ platform: 'linux', hostname: hostname() });
    expect(snapshot.connectivity, JSON.stringify(snapshot.connectivity)).toMatchObject([{ target: `${ts.url}/api/health`, ok: true, status: 200 }]);
    expect(JSON.stringify(res.body).length).toBeLessThan(2 * 1024 * 1024);

    first.child.kill('SIGKILL');
    await first.exited;
    await until(async () => !(await online(config.deviceId)));

    // The token is spent: a second machine cannot use it.
    const thief = start(['--server', ts.url, '--enroll', token, '--config', join(dir, 'thief', 'config.json')]);
    expect((await thief.exited).code).toBe(1);
    expect(thief.stdout + thief.stderr).toMatch(/already used/);

    // A restart needs nothing but the config.
    const second = start(['--config', configPath]);
    await second.waitFor('online: connected to the server');
    expect(await online(config.deviceId)).toBe(true);
    expect(second.stdout).not.toContain('"msg":"enrolled"');

    // SIGTERM: a clean exit, and the server sees it leave.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.stdout).toContain('agent stopped');
    await until(async () => !(await online(config.deviceId)));
  });

  it('is cut off when its device is revoked, and exits 3 instead of retrying', async () => {
    const configPath = join(dir, 'revoked', 'config.json');
    const agent = start(['--server', ts.url, '--enroll', await newToken(), '--config', configPath]);
    await agent.waitFor('online: connected to the server');
    const { deviceId } = AgentConfig.parse(JSON.parse(await readFile(configPath, 'utf8')));
    expect((await ts.admin.post(`/api/devices/${deviceId}/revoke`)).status).toBe(200);
    expect((await agent.exited).code).toBe(3);
    expect(agent.stdout).toMatch(/refused by the server: This device has been revoked/);
    expect(await online(deviceId)).toBe(false);

    // Restarted, it is refused at once.
    const again = start(['--config', configPath]);
    expect((await again.exited).code).toBe(3);
    expect(again.stdout).toMatch(/revoked/);
  });

  it('reconnects with backoff when the server goes away and comes back', async () => {
    const configPath = join(dir, 'reconnect', 'config.json');
    const agent = start(['--server', ts.url, '--enroll', await newToken(), '--config', configPath]);
    await agent.waitFor('online: connected to the server');
    const { deviceId } = AgentConfig.parse(JSON.parse(await readFile(configPath, 'utf8')));
    // Drop the link from the server side, as a restart or a network cut would.
    const { devicePresence } = await import('../../src/server/devices/presence');
    devicePresence(ts.server.ctx).disconnect(deviceId, 1012, 'Server restarting.');
    await agent.waitFor('reconnecting');
    await until(async () => (agent.stdout.match(/online: connected to the server/g) ?? []).length >= 2);
    expect(await online(deviceId)).toBe(true);
  });
});
