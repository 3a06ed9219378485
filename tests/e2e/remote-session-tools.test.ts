import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPainter } from '../../bench/lib/x11-painter';
import type { RemoteRight } from '../../src/shared/domain/remote-session';
import type { PeerSignal } from '../../src/shared/remote/signaling';
import { AgentProcess } from '../fixtures/agent-process';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { signIn } from '../fixtures/page-checks';
import { startTestServer, type TestServer } from '../fixtures/server';
import { UdpRelay } from '../fixtures/udp-relay';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';
import { collectPageErrors } from '../fixtures/page-errors';
import { inApp, onlineWithScreen, pageErrors, pointerAt, rgbOf, terminalText, until, videoPixel, videoPoint } from './remote-helpers';

const run = promisify(execFile);
const SHOTS = resolve(import.meta.dirname, '../../screenshots');
const PASSWORD = 'user-password-123'; // what createUser sets
const XCLIP = ['/usr/bin/xclip', '/usr/local/bin/xclip'].some((p) => existsSync(p));
const ALL: RemoteRight[] = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'];
/** One X screen, two monitors side by side (RandR monitors on Xvfb), each its own colour. */
const MONITOR = { width: 1280, height: 800 };
const LEFT_COLOUR = '#2e86c1';
const RIGHT_COLOUR = '#c0392b';

const near = (rgb: readonly number[], hex: string) => rgbOf(hex).every((c, i) => Math.abs(c - rgb[i]!) <= 28);

/**
 * The session view's tools against the real headless agent under Xvfb, in Chromium: the monitor
 * picker on a two-monitor display, the clipboard both ways (xclip on the device, the browser's
 * clipboard here, and the text box when the browser refuses), and a network drop the session
 * survives with the shell's scrollback replayed. The WebRTC path runs through a UDP relay (the
 * signaling socket is routed so that every ICE candidate points at it), which the test cuts.
 */
describe.skipIf(!chromiumAvailable || !XVFB_PRESENT || !XCLIP)('remote session tools: monitors, clipboard, reconnect (Chromium ↔ headless agent)', () => {
  let ts: TestServer;
  let browser: Browser;
  let xvfb: Xvfb;
  let relay: UdpRelay;
  let agent: AgentProcess;
  AgentProcess.reportOnFailure(() => agent);
  let home: string;
  let context: BrowserContext;
  let page: Page;
  let ada: ApiClient;
  let deviceId: string;
  const errors: string[] = [];

  const readX = async () => (await run('xclip', ['-o', '-selection', 'clipboard'], { env: { ...process.env, DISPLAY: xvfb.display }, timeout: 5000 }).catch(() => ({ stdout: '' }))).stdout;
  const copyOnDevice = (text: string) =>
    new Promise<void>((done, fail) => {
      const child = spawn('xclip', ['-i', '-selection', 'clipboard'], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: ['pipe', 'ignore', 'ignore'] });
      child.once('error', fail);
      child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`xclip exited with ${code}`))));
      child.stdin.end(text);
    });

  /** Relays the session's signaling socket, moving every candidate onto the relay, in order both ways. */
  const throughRelay = (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    const rewrite = async (message: string | Buffer): Promise<string | null> => {
      const text = String(message);
      let frame: { type?: string; signal?: PeerSignal };
      try {
        frame = JSON.parse(text);
      } catch {
        return text;
      }
      if (frame.type !== 'signal' || !frame.signal) return text;
      const signal = await relay.rewriteSignal(frame.signal);
      return signal ? JSON.stringify({ ...frame, signal }) : null;
    };
    let up: Promise<void> = Promise.resolve();
    let down: Promise<void> = Promise.resolve();
    ws.onMessage((m) => {
      up = up.then(async () => {
        const out = await rewrite(m);
        if (out !== null) server.send(out);
      });
    });
    server.onMessage((m) => {
      down = down.then(async () => {
        const out = await rewrite(m);
        if (out !== null) ws.send(out);
      });
    });
  };

  const openSession = async (rights: RemoteRight[]) => {
    const res = await ada.post('/api/remote-sessions', { deviceId, rights });
    expect(res.status).toBe(201);
    await inApp(page, `/remote/${res.body.id}`);
    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    return res.body.id as string;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser, xvfb] = await Promise.all([startTestServer('pglite'), launchChromium(), startXvfb(`${MONITOR.width * 2}x${MONITOR.height}x24`)]);
    await xvfb.x('xrandr', ['--setmonitor', 'LEFT', `${MONITOR.width}/338x${MONITOR.height}/211+0+0`, 'screen']);
    await xvfb.x('xrandr', ['--setmonitor', 'RIGHT', `${MONITOR.width}/338x${MONITOR.height}/211+${MONITOR.width}+0`, 'none']);
    await xvfb.x('xsetroot', ['-solid', LEFT_COLOUR]);
    const painter = await openPainter(xvfb.display);
    await painter.fill(parseInt(RIGHT_COLOUR.slice(1), 16), [{ x: MONITOR.width, y: 0, w: MONITOR.width, h: MONITOR.height }]);
    painter.close();
    relay = new UdpRelay();

    const group = await ts.admin.post('/api/groups', { name: `Tools kiosks ${Date.now()}` });
    expect(group.status).toBe(201);
    expect((await ts.admin.request('PUT', `/api/groups/${group.body.id}/remote-policy`, { allowedRights: ALL, unattended: true })).status).toBe(200);
    ada = await createUser(ts.admin, 'agent', { name: 'Ada Tools', groupIds: [group.body.id] });
    const token = await ts.admin.post('/api/devices/enrollment-tokens', { groupId: group.body.id });
    expect(token.status).toBe(201);
    home = await mkdtemp(join(tmpdir(), 'tandem-remote-tools-'));
    agent = AgentProcess.start(['--server', ts.url, '--enroll', token.body.token, '--config', join(home, 'agent.json'), '--name', 'desk-2m', '--log-level', 'info', '--downloads', join(home, 'Downloads')], { DISPLAY: xvfb.display, HOME: home });
    deviceId = await onlineWithScreen(ts.admin, 'desk-2m', agent);

    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ts.url });
    await context.routeWebSocket(/\/api\/remote-sessions\/[^/]+\/signal/, throughRelay);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await collectPageErrors(page, errors);
    await page.goto(`${ts.url}/`);
    await signIn(page, ada.user!.email, PASSWORD, { landing: 'Queue', timeout: 60_000 });
  }, 240_000); // a loaded machine (several suites at once) is slow to start all of it

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !page) return;
    // What the page and the device said, next to the failure.
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: `${SHOTS}/remote-session-tools-failed-${name}.png` }).catch(() => {});
    console.error(`page: ${(await page.locator('main').textContent().catch(() => ''))?.slice(0, 1500)}\nagent: ${agent.stdout.slice(-4000)}\n${agent.state()}`);
  });

  afterAll(async () => {
    // Not a failure of these cases, but worth seeing in CI's output: faults the agent lived through.
    if (agent?.troubles().length) console.error(`agent reported:\n${agent.troubles().join('\n')}`);
    await context?.close();
    await browser?.close();
    await agent?.stop();
    await relay?.stop();
    await ts?.close();
    await xvfb?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('connects through the relay', async () => {
    await openSession(ALL);
    expect(relay.counts.packets).toBeGreaterThan(0);
  }, 90_000);

  it('offers both monitors; the second one’s pixels arrive once chosen, and clicks land on it', async () => {
    const picker = page.getByLabel('Monitor');
    await picker.waitFor();
    const options = await picker.locator('option').allTextContents();
    expect(options).toEqual([`LEFT (${MONITOR.width}×${MONITOR.height})`, `RIGHT (${MONITOR.width}×${MONITOR.height})`]);
    let pixel: Awaited<ReturnType<typeof videoPixel>> = null;
    await until(async () => Boolean((pixel = await videoPixel(page, 0.5, 0.5)) && near(pixel.rgb, LEFT_COLOUR)), 30_000, `the left monitor (${LEFT_COLOUR}) in the video`);
    expect(pixel!.w / pixel!.h).toBeCloseTo(MONITOR.width / MONITOR.height, 1);

    await picker.selectOption({ label: `RIGHT (${MONITOR.width}×${MONITOR.height})` });
    await until(async () => Boolean((pixel = await videoPixel(page, 0.5, 0.5)) && near(pixel.rgb, RIGHT_COLOUR)), 30_000, `the right monitor (${RIGHT_COLOUR}) in the video (last ${JSON.stringify(pixel)})`);
    expect(pixel!.w / pixel!.h).toBeCloseTo(MONITOR.width / MONITOR.height, 1);
    expect(await picker.inputValue()).toBe('1');
    await page.screenshot({ path: `${SHOTS}/remote-session-monitor-right-light.png` });

    // The picture ends inside the window, and a click on it does not scroll the page (which would
    // move the picture between press and release: a drag on the device).
    const stageBottom = await page.evaluate(`document.querySelector('.remote-screen-stage').getBoundingClientRect().bottom`);
    expect(stageBottom).toBeLessThanOrEqual(900);
    const scrolled = await page.evaluate('scrollY');
    const target = await videoPoint(page, 0.5, 0.25);
    await page.mouse.click(target.x, target.y);
    expect(await page.evaluate('scrollY')).toBe(scrolled);
    const want = { x: MONITOR.width + 0.5 * MONITOR.width, y: 0.25 * MONITOR.height };
    let at = { x: -1, y: -1 };
    await until(async () => {
      at = await pointerAt(xvfb.display);
      return Math.abs(at.x - want.x) <= 4 && Math.abs(at.y - want.y) <= 4;
    }, 15_000, `pointer at ${JSON.stringify(want)} on the right monitor`).catch((err: Error) => {
      throw new Error(`${err.message} (last seen at ${JSON.stringify(at)}; agent: ${agent.stdout.split('\n').filter((l) => /input|control|monitor/.test(l)).slice(-5).join(' | ')})`);
    });
  }, 120_000);

  it('clipboard: the agent’s clipboard lands on the device’s, and the device’s comes back to the agent’s', async () => {
    const mine = `agent-clip ${Date.now()} ✓`;
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(mine)})`);
    await page.getByRole('button', { name: 'Send my clipboard to the device' }).click();
    await page.getByText(`Sent ${mine.length} characters to the device’s clipboard.`).waitFor();
    await until(async () => (await readX()) === mine, 10_000, 'the device clipboard to hold the agent’s text');

    const theirs = `device-clip ${Date.now()}\nline two`;
    await copyOnDevice(theirs);
    // xclip's parent exits before its forked child owns the selection: wait until the device holds it.
    await until(async () => (await readX()) === theirs, 10_000, 'the device clipboard to hold the copied text');
    await page.getByRole('button', { name: 'Get the device’s clipboard' }).click();
    await page.getByText(`Copied ${theirs.length} characters from the device to your clipboard.`).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(theirs);
    await page.screenshot({ path: `${SHOTS}/remote-session-clipboard-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/remote-session-clipboard-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('clipboard: when the browser refuses to read it, the agent pastes into a text box instead', async () => {
    await context.clearPermissions();
    try {
      await page.getByRole('button', { name: 'Send my clipboard to the device' }).click();
      const box = page.getByLabel('Text to send to the device’s clipboard');
      await box.waitFor();
      await page.getByText(/did not let Tandem read your clipboard/).waitFor();
      await page.screenshot({ path: `${SHOTS}/remote-session-clipboard-fallback-light.png` });
      const typed = `pasted-by-hand ${Date.now()}`;
      await box.fill(typed);
      await page.getByRole('button', { name: 'Send this text' }).click();
      await page.getByText(`Sent ${typed.length} characters to the device’s clipboard.`).waitFor();
      await until(async () => (await readX()) === typed, 10_000, 'the device clipboard to hold the pasted text');
      expect(await box.count()).toBe(0);
    } finally {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ts.url });
    }
  }, 60_000);

  it('survives a network drop: the view reconnects, output made meanwhile is replayed in xterm, and new commands work', async () => {
    // This run's own numbers: a retry of this test must not find the last run's output.
    const k = 100 + (Date.now() % 900);
    const sessionId = new URL(page.url()).pathname.split('/').at(-1)!;
    const newAttempt = new RegExp(`"sessionId":"${sessionId}".*remote session: trying a new connection`);
    const attemptsBefore = agent.stdout.split('\n').filter((l) => newAttempt.test(l)).length;
    await page.getByRole('tab', { name: 'Shell' }).click();
    await page.locator('.remote-shell-panel:not([hidden]) .xterm').click();
    await page.keyboard.type(`echo before-$((40+${k}))\n`);
    await until(async () => (await terminalText(page)).includes(`before-${40 + k}`), 15_000, 'output before the drop');

    // Printed on the device while the network is gone: only the replay can bring it here.
    await page.keyboard.type(`sleep 3; echo during-$((50+${k}))\n`);
    await new Promise((r) => setTimeout(r, 300));
    relay.cut();
    try {
      await page.getByText('The connection dropped. Reconnecting…').waitFor({ timeout: 30_000 });
      // Until the device gives up on the old connection and starts a new one (ICE alone can heal a
      // short drop, which would not test the replay): when that is, depends on the machine's load.
      await until(async () => agent.stdout.split('\n').filter((l) => newAttempt.test(l)).length > attemptsBefore, 45_000, 'the device to start a new connection');
      await new Promise((r) => setTimeout(r, 3500)); // the sleep's output is made by now
      expect(await terminalText(page)).not.toContain(`during-${50 + k}`);
    } finally {
      relay.restore();
    }

    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 90_000 });
    await until(async () => (await terminalText(page)).includes(`during-${50 + k}`), 30_000, 'the output made during the drop, replayed');
    expect(await terminalText(page)).toContain(`before-${40 + k}`);
    await page.locator('.remote-shell-panel:not([hidden]) .xterm').click();
    await page.keyboard.type(`echo after-$((60+${k}))\n`);
    await until(async () => (await terminalText(page)).includes(`after-${60 + k}`), 15_000, 'a new command after the reconnect');
    await page.screenshot({ path: `${SHOTS}/remote-session-reconnected-light.png` });

    // The same session throughout: the device reconnected it rather than starting over.
    expect(agent.stdout).toMatch(new RegExp(`"sessionId":"${sessionId}".*remote session reconnected`));

    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('heading', { name: 'The session has ended' }).waitFor();
  }, 180_000);

  it('without the control right the clipboard is not offered', async () => {
    await openSession(['view', 'shell']);
    await page.getByText('You have view only').waitFor();
    expect(await page.getByRole('group', { name: 'Clipboard' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send my clipboard to the device' }).count()).toBe(0);
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('heading', { name: 'The session has ended' }).waitFor();
  }, 90_000);

  it('the page threw no errors meanwhile', () => {
    expect(pageErrors(errors)).toEqual([]);
  });
});
