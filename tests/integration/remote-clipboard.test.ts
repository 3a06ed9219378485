import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteRight } from '../../src/shared/domain/remote-session';
import { AgentProcess } from '../fixtures/agent-process';
import { createUser, type ApiClient } from '../fixtures/api';
import { RemoteConsole, until } from '../fixtures/remote-console';
import { startTestServer, type TestServer } from '../fixtures/server';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';

const run = promisify(execFile);
const XCLIP = ['/usr/bin/xclip', '/usr/local/bin/xclip'].some((p) => existsSync(p));
const ALL: RemoteRight[] = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'];

/**
 * The device's clipboard over the control channel, against the real agent under Xvfb with xclip:
 * what was on the clipboard before the session stays private; text sent lands on the X clipboard;
 * text copied on the device comes back when asked; and a session without the control right gets
 * nothing either way. One store: the server only relays signaling here.
 */
describe.skipIf(!XVFB_PRESENT || !XCLIP)('remote clipboard on the headless agent (xclip, Xvfb)', () => {
  let ts: TestServer;
  let xvfb: Xvfb;
  let agent: AgentProcess;
  AgentProcess.reportOnFailure(() => agent);
  let agentUser: ApiClient;
  let dir: string;
  let deviceId: string;
  const consoles: RemoteConsole[] = [];

  /** The X clipboard as another X client reads it. */
  const readX = async () => (await run('xclip', ['-o', '-selection', 'clipboard'], { env: { ...process.env, DISPLAY: xvfb.display }, timeout: 5000 }).catch(() => ({ stdout: '' }))).stdout;
  /** Puts text on the X clipboard as a program on the device does (xclip serves it from the background). */
  const copyOnDevice = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('xclip', ['-i', '-selection', 'clipboard'], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: ['pipe', 'ignore', 'ignore'] });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xclip exited with ${code}`))));
      child.stdin.end(text);
    });

  const session = async (rights: RemoteRight[]) => {
    const res = await agentUser.post('/api/remote-sessions', { deviceId, rights });
    expect(res.status).toBe(201);
    const c = await RemoteConsole.open(ts.url, res.body.id, agentUser.accessToken!, rights);
    consoles.push(c);
    await c.connected(30_000);
    await c.next('session', (m) => m.t === 'hello', 15_000);
    return c;
  };

  beforeAll(async () => {
    [ts, xvfb] = await Promise.all([startTestServer('pglite'), startXvfb()]);
    dir = await mkdtemp(join(tmpdir(), 'tandem-remote-clipboard-'));
    agentUser = await createUser(ts.admin, 'agent');
    const groupId = (await ts.admin.post('/api/groups', { name: 'Clipboard kiosks' })).body.id as string;
    expect((await ts.admin.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ALL, unattended: true })).status).toBe(200);
    const token = (await ts.admin.post('/api/devices/enrollment-tokens', { groupId })).body.token as string;
    agent = AgentProcess.start(['--server', ts.url, '--enroll', token, '--config', join(dir, 'agent.json'), '--name', 'kiosk-c', '--downloads', join(dir, 'Downloads'), '--log-level', 'debug'], { DISPLAY: xvfb.display });
    await agent.waitFor('online: connected to the server', 30_000);
    deviceId = JSON.parse(await readFile(join(dir, 'agent.json'), 'utf8')).deviceId;
    await until(async () => (await ts.admin.get(`/api/devices/${deviceId}`)).body.capabilities?.screen?.available === true, 10_000, 'capabilities');
  }, 90_000);

  afterEach(async () => {
    for (const c of consoles.splice(0)) {
      if (c.session?.status === 'active') await agentUser.post(`/api/remote-sessions/${c.session.id}/end`, {});
      c.close();
    }
    const count = (text: string) => agent.stdout.split(text).length - 1;
    await until(() => count('remote session ended') >= count('remote session started'), 10_000, 'the device to end every session');
  });

  afterAll(async () => {
    await agent?.stop();
    await Promise.all([ts?.close(), xvfb?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the pre-session clipboard private, sets the device clipboard, and brings back what was copied there', async () => {
    await copyOnDevice('private-before-session');
    const c = await session(['view', 'control']);

    c.send('control', { t: 'clipboard_get' });
    const refused = await c.next('control', (m) => m.t === 'clipboard_status' && m.op === 'get');
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/since the session started/) });
    expect(c.received.control.some((m) => m.t === 'clipboard')).toBe(false);

    const text = 'from the agent: ünïcode ✓\nsecond line';
    c.send('control', { t: 'clipboard', text });
    await c.next('control', (m) => m.t === 'clipboard_status' && m.op === 'set' && m.ok);
    expect(await readX()).toBe(text);

    await copyOnDevice('copied-on-the-device 42');
    const from = c.received.control.length;
    c.send('control', { t: 'clipboard_get' });
    const got = await c.next('control', (m) => m.t === 'clipboard', 15_000, from);
    expect(got).toEqual({ t: 'clipboard', text: 'copied-on-the-device 42' });
  }, 90_000);

  it('without the control right the device neither sets nor reads its clipboard', async () => {
    await copyOnDevice('kept-on-the-device');
    const c = await session(['view', 'shell']);
    // The console's own peer would drop the answer anyway: let it hear control messages, so a
    // reply from the device would show here.
    c.peer!.setRights(['view', 'shell', 'control']);
    c.send('control', { t: 'clipboard', text: 'intruder' });
    c.send('control', { t: 'clipboard_get' });
    await agent.waitFor(/remote session message dropped.*"channel":"control"|"channel":"control".*remote session message dropped/, 10_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await readX()).toBe('kept-on-the-device');
    expect(c.received.control).toEqual([]);
  }, 60_000);
});
