import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deviceHandlers } from '../../src/device/bridge/device-handlers';
import { fileSignInHandlers } from '../../src/device/bridge/file-sign-in';
import { startIpcBridge, type IpcBridge } from '../../src/device/bridge/ipc-bridge';
import { DiagnosticsSnapshot } from '../../src/shared/domain/diagnostics';
import { Screenshot } from '../../src/shared/ipc';

const PAGE = 'http://127.0.0.1:9';
const ROOT = join(import.meta.dirname, '../..');

/** One bridge client as the tray page's adapter is: JSON calls matched by id. */
async function connect(url: string, origin = PAGE): Promise<{ call(channel: string, request?: unknown): Promise<unknown>; close(): void }> {
  const socket = new WebSocket(url, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
  });
  let next = 0;
  const waiting = new Map<number, (a: { ok: boolean; response?: unknown; error?: string }) => void>();
  socket.on('message', (data) => {
    const answer = JSON.parse(String(data));
    waiting.get(answer.id)?.(answer);
  });
  return {
    call: (channel, request) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, (a) => (a.ok ? resolve(a.response) : reject(new Error(a.error))));
        socket.send(JSON.stringify({ id, channel, request }));
      }),
    close: () => socket.close(),
  };
}

describe('IPC bridge over a local WebSocket (the tray handler map outside Electron)', () => {
  let bridge: IpcBridge;
  let dir: string;
  const logged: string[] = [];
  const notified: unknown[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-bridge-'));
    bridge = await startIpcBridge({
      handlers: {
        'app:notify': (n) => void notified.push(n),
        ...fileSignInHandlers(join(dir, 'sign-in')),
        ...deviceHandlers({ serverUrl: 'http://127.0.0.1:9' }),
      },
      allowedOrigins: [PAGE],
      log: (m) => logged.push(m),
    });
  });
  afterAll(async () => {
    await bridge?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a random token in its URL', () => {
    expect(bridge.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses a connection without the token, with a wrong one, or from another page origin', async () => {
    const bare = bridge.url.replace(/\?token=.*$/, '');
    await expect(connect(bare)).rejects.toThrow('refused with 401');
    await expect(connect(`${bare}?token=${'x'.repeat(32)}`)).rejects.toThrow('refused with 401');
    await expect(connect(bridge.url, 'https://evil.example')).rejects.toThrow('refused with 401');
    expect(logged.filter((m) => m.startsWith('refused a bridge connection'))).toHaveLength(3);
  });

  it('serves the real diagnostics snapshot, valid against the shared schema', async () => {
    const client = await connect(bridge.url);
    try {
      const snapshot = DiagnosticsSnapshot.parse(await client.call('device:diagnostics'));
      expect(snapshot.schemaVersion).toBe(1);
      expect('platform' in snapshot.os ? snapshot.os.platform : snapshot.os.unavailable).toBe(process.platform);
      const shot = Screenshot.parse(await client.call('device:screenshot'));
      // Without DISPLAY here the screen is unavailable and says why; with one it is a PNG.
      if (process.env.DISPLAY) expect('dataUrl' in shot).toBe(true);
      else expect(shot).toEqual({ unavailable: expect.stringContaining('DISPLAY') });
    } finally {
      client.close();
    }
  }, 30_000);

  it('validates payloads with the contract and refuses unknown or unserved channels', async () => {
    const client = await connect(bridge.url);
    try {
      await expect(client.call('app:notify', { title: '', body: 'x' })).rejects.toThrow();
      await expect(client.call('app:notify', { title: 'x', body: 'y', extra: 1 })).rejects.toThrow();
      await expect(client.call('fs:readFile', { path: '/etc/passwd' })).rejects.toThrow('This app has no such function.');
      await expect(client.call('app:openExternal', { url: 'https://example.com' })).rejects.toThrow('This app does not offer that function.');
      expect(notified).toEqual([]);
      await client.call('app:notify', { title: 'New reply on T-3', body: 'Try restarting.' });
      expect(notified).toEqual([{ title: 'New reply on T-3', body: 'Try restarting.' }]);
    } finally {
      client.close();
    }
  });

  it('remembers the sign-in in its state folder until it is cleared', async () => {
    const client = await connect(bridge.url);
    try {
      expect(await client.call('auth:load')).toEqual({ refreshToken: null, user: null });
      await client.call('auth:save', { refreshToken: 'rt-abc' });
      expect(await client.call('auth:load')).toEqual({ refreshToken: 'rt-abc', user: null });
      const user = {
        id: '00000000-0000-4000-8000-000000000001', email: 'erin@example.org', name: 'Erin', role: 'end_user', groupIds: [],
        active: true, totpEnabled: false, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z',
      };
      await client.call('auth:save', { refreshToken: 'rt-def', user });
      expect(await client.call('auth:load')).toEqual({ refreshToken: 'rt-def', user });
      await client.call('auth:save', { refreshToken: null });
      expect(await client.call('auth:load')).toEqual({ refreshToken: null, user: null });
    } finally {
      client.close();
    }
  });
});

describe('npm run tray:bridge', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/device/bridge/cli.ts', ...args], { cwd: ROOT }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('refuses to start without a server URL, or with an unknown flag (exit 2, with the usage)', async () => {
    for (const args of [[], ['--server', 'not a url'], ['--server', 'http://127.0.0.1:8080', '--bogus']]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage: npm run tray:bridge');
    }
  }, 30_000);
});
