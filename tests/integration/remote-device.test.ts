import { createHash } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileChunk, readFileChunk, FILE_CHUNK_BYTES } from '../../src/shared/remote/channels';
import type { RemoteRight } from '../../src/shared/domain/remote-session';
import { createUser, type ApiClient } from '../fixtures/api';
import { AgentProcess } from '../fixtures/agent-process';
import { RemoteConsole, until } from '../fixtures/remote-console';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';

const run = promisify(execFile);
const ALL: RemoteRight[] = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
// The Xvfb root is painted this colour; the decoded video must show it (within codec error).
const ROOT = { name: '#3366cc', r: 0x33, g: 0x66, b: 0xcc };

/**
 * The device side of remote sessions, end to end: the real server, the real headless agent CLI
 * (its session host, PTYs, nut-js under Xvfb, wrtc) and a Node console peer over the server's
 * signaling socket.
 */
describe.skipIf(!XVFB_PRESENT).each(STORE_KINDS)('remote session on the headless agent (%s)', (kind) => {
  let ts: TestServer;
  let xvfb: Xvfb;
  let agentUser: ApiClient;
  let agent: AgentProcess;
  AgentProcess.reportOnFailure(() => agent);
  let deviceId: string;
  let groupId: string;
  let dir: string;
  let downloads: string;
  const consoles: RemoteConsole[] = [];

  /** The pointer as the X server reports it (a nut-js child on the same display). */
  const pointer = async () => {
    const script = "import('@nut-tree-fork/nut-js').then(async n => { const p = await n.mouse.getPosition(); console.log(JSON.stringify({x:p.x,y:p.y})); process.exit(0); })";
    const { stdout } = await run(process.execPath, ['-e', script], { env: { ...process.env, DISPLAY: xvfb.display }, timeout: 15_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { x: number; y: number };
  };
  const status = async (id: string) => (await agentUser.get(`/api/remote-sessions/${id}`)).body;
  const events = async (id: string) => (await agentUser.get(`/api/remote-sessions/${id}/events`)).body.items as Array<{ kind: string; data: any }>;

  /** Starts a session and a console for it; waits until the peers are connected. */
  const session = async (rights: RemoteRight[] = ALL) => {
    const res = await agentUser.post('/api/remote-sessions', { deviceId, rights });
    expect(res.status).toBe(201);
    const c = await RemoteConsole.open(ts.url, res.body.id, agentUser.accessToken!);
    consoles.push(c);
    await c.connected();
    await c.next('session', (m) => m.t === 'hello');
    return { id: res.body.id as string, c };
  };
  const endSession = async (id: string, c: RemoteConsole) => {
    c.end('Test done.');
    await until(async () => (await status(id)).status === 'ended', 10_000, 'the session to end');
    await agent.waitFor(new RegExp(`"sessionId":"${id}".*remote session ended|remote session ended.*${id}`), 10_000);
    c.close();
  };

  beforeAll(async () => {
    [ts, xvfb] = await Promise.all([startTestServer(kind), startXvfb()]);
    await xvfb.x('xsetroot', ['-solid', ROOT.name]);
    dir = await mkdtemp(join(tmpdir(), 'tandem-remote-device-'));
    downloads = join(dir, 'Downloads');
    agentUser = await createUser(ts.admin, 'agent');
    groupId = (await ts.admin.post('/api/groups', { name: `Kiosks ${kind}` })).body.id;
    expect((await ts.admin.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ALL, unattended: true })).status).toBe(200);
    const token = (await ts.admin.post('/api/devices/enrollment-tokens', { groupId })).body.token as string;
    agent = AgentProcess.start(['--server', ts.url, '--enroll', token, '--config', join(dir, 'agent.json'), '--name', 'kiosk-1', '--downloads', downloads, '--max-file-mb', '1', '--log-level', 'debug'], {
      DISPLAY: xvfb.display,
    });
    await agent.waitFor('online: connected to the server');
    deviceId = JSON.parse(await readFile(join(dir, 'agent.json'), 'utf8')).deviceId;
    await until(async () => (await ts.admin.get(`/api/devices/${deviceId}`)).body.capabilities?.screen?.available === true, 10_000, 'capabilities');
  }, 90_000);

  afterEach(async () => {
    // A failed test must not leave its session running: the device takes one at a time.
    for (const c of consoles.splice(0)) {
      if (c.session && c.session.status === 'active') await agentUser.post(`/api/remote-sessions/${c.session.id}/end`, {});
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

  it('refuses at once, saying why, when the group does not allow unattended sessions', async () => {
    await ts.admin.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ALL, unattended: false });
    try {
      const res = await agentUser.post('/api/remote-sessions', { deviceId, rights: ['view', 'shell'] });
      expect(res.status).toBe(201);
      await until(async () => (await status(res.body.id)).status !== 'pending', 10_000, 'an answer');
      const s = await status(res.body.id);
      expect(s.status).toBe('refused');
      expect(s.reason).toMatch(/unattended/);
      expect(agent.stdout).toMatch(/remote session refused/);
    } finally {
      await ts.admin.request('PUT', `/api/groups/${groupId}/remote-policy`, { allowedRights: ALL, unattended: true });
    }
  }, 30_000);

  it('unattended: runs a shell command, streams the screen, moves the pointer, answers diagnostics, moves files, and records it', async () => {
    const { id, c } = await session();
    await agent.waitFor('remote session started (unattended, by group policy)');
    const hello = await c.next('session', (m) => m.t === 'hello');
    expect(hello).toMatchObject({ t: 'hello', rights: ALL, deviceName: 'kiosk-1', maxFileBytes: 1024 * 1024 });
    if (hello.t !== 'hello') throw new Error('not hello');
    expect(hello.monitors[0]).toMatchObject({ width: 1280, height: 800 });

    // Shell: a command's output comes back.
    c.send('shell', { t: 'open', tab: 't1', cols: 100, rows: 30 });
    await c.next('shell', (m) => m.t === 'opened' && m.tab === 't1');
    c.send('shell', { t: 'input', tab: 't1', data: 'echo remote-$((6*7))\r' });
    await until(() => c.shellText('t1').includes('remote-42'), 15_000, 'shell output');

    // Screen: a decoded frame of the video track has the root window's colour.
    const frame = await c.frame((f) => f.width > 0);
    expect([frame.width, frame.height]).toEqual([1280, 800]);
    const at = (x: number, y: number) => Array.from(frame.rgba.subarray((y * frame.width + x) * 4, (y * frame.width + x) * 4 + 3));
    for (const [x, y] of [
      [640, 400],
      [100, 700],
    ] as const) {
      const [r, g, b] = at(x, y);
      expect(Math.abs(r! - ROOT.r)).toBeLessThan(12);
      expect(Math.abs(g! - ROOT.g)).toBeLessThan(12);
      expect(Math.abs(b! - ROOT.b)).toBeLessThan(12);
    }

    // Control: fractions of the monitor become pixels.
    c.send('control', { t: 'move', x: 0.25, y: 0.5 });
    await until(async () => JSON.stringify(await pointer()) === JSON.stringify({ x: 320, y: 400 }), 10_000, 'the pointer at 320,400');

    // Diagnostics answer.
    c.send('diagnostics', { t: 'get', id: 'd1', what: 'disks' });
    const disks = await c.next('diagnostics', (m) => m.t === 'result' && m.id === 'd1');
    expect(disks.t === 'result' && (Array.isArray(disks.result) || typeof (disks.result as any).unavailable === 'string')).toBe(true);
    c.send('diagnostics', { t: 'get', id: 'd2', what: 'processes' });
    const procs = await c.next('diagnostics', (m) => m.t === 'result' && m.id === 'd2', 20_000);
    expect(procs.t === 'result' && (Array.isArray((procs.result as any).items) || typeof (procs.result as any).unavailable === 'string'), JSON.stringify(procs).slice(0, 300)).toBe(true);

    // Ending a process (control is held): it ends, and the record says so.
    const victim = spawn('sleep', ['60'], { stdio: 'ignore' });
    const gone = new Promise<NodeJS.Signals | null>((resolve) => victim.once('exit', (_code, signal) => resolve(signal)));
    c.send('diagnostics', { t: 'kill', id: 'k1', pid: victim.pid!, signal: 'SIGTERM' });
    expect(await c.next('diagnostics', (m) => m.id === 'k1' && m.t !== 'get' && m.t !== 'kill')).toMatchObject({ t: 'result', result: { pid: victim.pid, ended: true } });
    expect(await gone).toBe('SIGTERM');

    // Files: to the device, verified and kept; fetched back with the same checksum.
    const content = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
    const sum = sha(content);
    c.send('files', { t: 'offer', id: 'f1', n: 1, name: 'report.bin', size: content.length, sha256: sum });
    await c.next('files', (m) => m.t === 'accept' && m.id === 'f1');
    for (let o = 0; o < content.length; o += FILE_CHUNK_BYTES) c.peer!.sendBinary('files', fileChunk(1, content.subarray(o, o + FILE_CHUNK_BYTES)));
    c.send('files', { t: 'done', id: 'f1' });
    const verified = await c.next('files', (m) => m.t === 'verified' && m.id === 'f1');
    expect(verified).toEqual({ t: 'verified', id: 'f1', path: join(downloads, 'report.bin') });
    expect(sha(await readFile(join(downloads, 'report.bin')))).toBe(sum);

    c.send('files', { t: 'fetch', id: 'f2', path: join(downloads, 'report.bin') });
    const offer = await c.next('files', (m) => m.t === 'offer' && m.id === 'f2');
    await c.next('files', (m) => m.t === 'done' && m.id === 'f2');
    if (offer.t !== 'offer') throw new Error('not an offer');
    const bytes = Buffer.concat(c.binary.map((b) => readFileChunk(b)!).filter((p) => p.n === offer.n).map((p) => p.bytes));
    expect(offer.sha256).toBe(sum);
    expect(sha(bytes)).toBe(sum);
    c.send('files', { t: 'verified', id: 'f2' });

    // A corrupted file (checksum differs) is refused and nothing is left behind; so is one over the limit.
    c.send('files', { t: 'offer', id: 'f3', n: 3, name: 'bad.bin', size: 1000, sha256: sha(new Uint8Array(1000)) });
    await c.next('files', (m) => m.t === 'accept' && m.id === 'f3');
    c.peer!.sendBinary('files', fileChunk(3, new Uint8Array(1000).fill(1)));
    c.send('files', { t: 'done', id: 'f3' });
    const failed = await c.next('files', (m) => m.t === 'failed' && m.id === 'f3');
    expect(failed.t === 'failed' && failed.message).toMatch(/SHA-256/);
    c.send('files', { t: 'offer', id: 'f4', n: 4, name: 'big.bin', size: 2 * 1024 * 1024, sha256: sum });
    expect(await c.next('files', (m) => m.t === 'failed' && m.id === 'f4')).toMatchObject({ message: expect.stringMatching(/too large/) });
    expect((await readdir(downloads)).sort()).toEqual(['report.bin']);

    // Chat from the agent goes into the record.
    c.send('chat', { t: 'message', id: 'c1', text: 'Hello from the desk', at: Date.now() });

    // The record on the server holds what the device reported.
    await until(async () => (await events(id)).some((e) => e.kind === 'chat'), 10_000, 'chat in the record');
    await until(async () => (await events(id)).some((e) => e.kind === 'shell_transcript' && String(e.data.text).includes('remote-42')), 10_000, 'the transcript in the record');
    const kinds = (await events(id)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['granted', 'connected', 'shell_opened', 'file_sent', 'file_fetched', 'file_failed', 'process_killed']));

    await endSession(id, c);
  }, 120_000);

  it('drops control without the control right, and malformed messages, and keeps going', async () => {
    const before = await pointer();
    const { id, c } = await session(['view', 'shell', 'diagnostics']);
    c.send('control', { t: 'move', x: 0.9, y: 0.1 });
    // Ending a process needs control too: refused with a sentence, the process lives on.
    const victim = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      c.send('diagnostics', { t: 'kill', id: 'k2', pid: victim.pid!, signal: 'SIGKILL' });
      expect(await c.next('diagnostics', (m) => m.id === 'k2' && m.t === 'error')).toMatchObject({ message: expect.stringMatching(/needs the control right/) });
      expect(victim.exitCode).toBeNull();
    } finally {
      victim.kill('SIGKILL');
    }
    c.send('shell', { t: 'input', tab: 't1' } as any);
    c.send('shell', { t: 'open', tab: 't1', cols: 80, rows: 24 });
    c.send('shell', { t: 'input', tab: 't1', data: 'echo still-$((2+3))\r' });
    await until(() => c.shellText('t1').includes('still-5'), 15_000, 'shell output after dropped messages');
    await agent.waitFor(/the control channel needs the control right/);
    await agent.waitFor(/remote session message dropped.*"channel":"shell"|"channel":"shell".*remote session message dropped/);
    expect(await pointer()).toEqual(before);
    await endSession(id, c);
  }, 60_000);

  it('survives a dropped connection: a new attempt connects and the shell tab replays its scrollback', async () => {
    const { id, c } = await session(['view', 'shell']);
    c.send('shell', { t: 'open', tab: 'keep', cols: 80, rows: 24 });
    c.send('shell', { t: 'input', tab: 'keep', data: 'echo before-$((40+2))-drop\r' });
    await until(() => c.shellText('keep').includes('before-42-drop'), 15_000, 'output before the drop');
    const firstAttempt = c.attempts.at(-1)!;
    c.peer!.close(); // the network drops (as seen from the device: the connection closes)
    await until(() => (c.attempts.at(-1) ?? 0) > firstAttempt, 20_000, 'a new attempt from the device');
    await c.connected();
    const from = c.received.shell.length;
    c.send('shell', { t: 'open', tab: 'keep', cols: 80, rows: 24 });
    const opened = await c.next('shell', (m) => m.t === 'opened' && m.tab === 'keep', 15_000, from);
    expect(opened.t === 'opened' && opened.replay).toContain('before-42-drop');
    c.send('shell', { t: 'input', tab: 'keep', data: 'echo after-$((40+3))\r' });
    await until(() => c.shellText('keep', from).includes('after-43'), 15_000, 'output after the reconnect');
    await until(async () => (await events(id)).some((e) => e.kind === 'reconnected'), 10_000, 'reconnected in the record');
    expect((await status(id)).status).toBe('active');
    await endSession(id, c);
  }, 90_000);
});
