import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RemoteRight } from '../../src/shared/domain/remote-session';
import { createUser, type ApiClient } from '../fixtures/api';
import { RemoteConsole, until } from '../fixtures/remote-console';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { TrayBridgeProcess } from '../fixtures/tray-bridge';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';

const run = promisify(execFile);
const ASKED: RemoteRight[] = ['view', 'control', 'shell', 'chat'];

/** A bridge client as the tray page's adapter is: JSON calls matched by id. */
async function connect(url: string, origin: string) {
  const socket = new WebSocket(url, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 0;
  const waiting = new Map<number, (a: { ok: boolean; response?: unknown; error?: string }) => void>();
  socket.on('message', (data) => {
    const answer = JSON.parse(String(data));
    waiting.get(answer.id)?.(answer);
  });
  return {
    call: (channel: string, request?: unknown): Promise<any> =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, (a) => (a.ok ? resolve(a.response) : reject(new Error(a.error))));
        socket.send(JSON.stringify({ id, channel, request }));
      }),
    close: () => socket.close(),
  };
}

/**
 * The tray bridge as the device (its own device link, enrolled with --enroll): the session host
 * asks the person through the `session:*` IPC channels, as the tray's consent prompt does.
 */
describe.skipIf(!XVFB_PRESENT).each(STORE_KINDS)('remote session through the tray bridge (%s)', (kind) => {
  let ts: TestServer;
  let xvfb: Xvfb;
  let agentUser: ApiClient;
  let bridge: TrayBridgeProcess;
  let page: Awaited<ReturnType<typeof connect>>;
  let deviceId: string;
  let dir: string;
  const consoles: RemoteConsole[] = [];

  const pointer = async () => {
    const script = "import('@nut-tree-fork/nut-js').then(async n => { const p = await n.mouse.getPosition(); console.log(JSON.stringify({x:p.x,y:p.y})); process.exit(0); })";
    const { stdout } = await run(process.execPath, ['-e', script], { env: { ...process.env, DISPLAY: xvfb.display }, timeout: 15_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { x: number; y: number };
  };
  const status = async (id: string) => (await agentUser.get(`/api/remote-sessions/${id}`)).body;

  beforeAll(async () => {
    [ts, xvfb] = await Promise.all([startTestServer(kind), startXvfb()]);
    dir = await mkdtemp(join(tmpdir(), 'tandem-remote-tray-'));
    agentUser = await createUser(ts.admin, 'agent');
    const token = (await ts.admin.post('/api/devices/enrollment-tokens', {})).body.token as string;
    const started = await TrayBridgeProcess.start(['--server', ts.url, '--state-dir', dir, '--enroll', token, '--name', 'desk-7', '--downloads', join(dir, 'dl')], { DISPLAY: xvfb.display });
    bridge = started.bridge;
    deviceId = (await bridge.waitFor((e) => e.event === 'device')).deviceId as string;
    page = await connect(started.url, new URL(ts.url).origin);
    await until(async () => (await ts.admin.get(`/api/devices/${deviceId}`)).body.capabilities?.input?.available === true, 15_000, 'capabilities');
  }, 90_000);

  afterEach(async () => {
    for (const c of consoles.splice(0)) c.close();
    await until(async () => (await page.call('session:current', { waitMs: 0 })).session === null, 10_000, 'no session left');
  });

  afterAll(async () => {
    page?.close();
    await bridge?.stop();
    await Promise.all([ts?.close(), xvfb?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('asks the person; a refusal reaches the server with its reason', async () => {
    const { body } = await agentUser.post('/api/remote-sessions', { deviceId, rights: ASKED });
    const prompt = await page.call('session:nextPrompt', { waitMs: 10_000 });
    expect(prompt).toMatchObject({ sessionId: body.id, rights: ASKED, agent: { email: agentUser.user!.email }, ticket: null });
    await page.call('session:answer', { promptId: prompt.promptId, granted: [], refused: true, reason: 'Busy right now.' });
    await until(async () => (await status(body.id)).status === 'refused', 10_000, 'refused');
    expect((await status(body.id)).reason).toBe('Busy right now.');
    // Answering twice is refused with a sentence.
    await expect(page.call('session:answer', { promptId: prompt.promptId, granted: ['view'], refused: false })).rejects.toThrow(/no longer waiting/);
  }, 30_000);

  it('grants part of what was asked; view only takes control back; chat both ways; the person ends it', async () => {
    const { body } = await agentUser.post('/api/remote-sessions', { deviceId, rights: ASKED });
    const prompt = await page.call('session:nextPrompt', { waitMs: 10_000 });
    await page.call('session:answer', { promptId: prompt.promptId, granted: ['view', 'control', 'chat'], refused: false });
    await until(async () => (await status(body.id)).status === 'active', 10_000, 'active');
    expect((await status(body.id)).granted).toEqual(['view', 'control', 'chat']);
    const c = await RemoteConsole.open(ts.url, body.id, agentUser.accessToken!);
    consoles.push(c);
    await c.connected();
    expect(await c.next('session', (m) => m.t === 'hello')).toMatchObject({ rights: ['view', 'control', 'chat'], deviceName: 'desk-7' });
    const state = await page.call('session:current', { waitMs: 0 });
    expect(state.session).toMatchObject({ sessionId: body.id, rights: ['view', 'control', 'chat'], viewOnly: false, connection: 'connected' });

    c.send('control', { t: 'move', x: 0.5, y: 0.5 });
    await until(async () => JSON.stringify(await pointer()) === JSON.stringify({ x: 640, y: 400 }), 10_000, 'pointer at 640,400');

    // The person takes control back: the console is told, and control is no longer injected.
    const viewOnly = await page.call('session:setViewOnly', { sessionId: body.id, viewOnly: true });
    expect(viewOnly.session).toMatchObject({ viewOnly: true, rights: ['view', 'chat'] });
    await c.next('session', (m) => m.t === 'rights' && !m.rights.includes('control'));
    c.peer!.setRights(['view', 'control', 'chat']); // a console that ignores the change still cannot steer
    c.send('control', { t: 'move', x: 0.1, y: 0.1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await pointer()).toEqual({ x: 640, y: 400 });

    // Chat both ways, visible to the tray.
    const before = (await page.call('session:current', { waitMs: 0 })).version;
    c.send('chat', { t: 'message', id: 'a1', text: 'Can you open the printer settings?', at: Date.now() });
    const after = await page.call('session:current', { afterVersion: before, waitMs: 10_000 });
    expect(after.session.chat.at(-1)).toMatchObject({ from: 'agent', text: 'Can you open the printer settings?' });
    await page.call('session:chat', { sessionId: body.id, text: 'Done, it is open.' });
    expect(await c.next('chat', (m) => m.t === 'message' && m.text === 'Done, it is open.')).toBeTruthy();

    await page.call('session:end', { sessionId: body.id });
    expect(await c.next('session', (m) => m.t === 'end')).toMatchObject({ reason: expect.stringMatching(/person at the device/) });
    await until(async () => (await status(body.id)).status === 'ended', 10_000, 'ended');
    expect((await status(body.id)).endedBy).toBe('device');
    const kinds = (await agentUser.get(`/api/remote-sessions/${body.id}/events`)).body.items.map((e: any) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['granted', 'connected', 'rights_changed', 'chat', 'ended']));
  }, 60_000);
});
