import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPainter } from '../../bench/lib/x11-painter';
import type { RemoteRight } from '../../src/shared/domain/remote-session';
import type { PeerSignal } from '../../src/shared/remote/signaling';
import { AgentProcess } from '../fixtures/agent-process';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { startTestServer, type TestServer } from '../fixtures/server';
import { UdpRelay } from '../fixtures/udp-relay';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';
import { inApp, pageErrors, pointerAt, rgbOf, until, videoPixel, videoPoint } from './remote-helpers';

const SHOTS = resolve(import.meta.dirname, '../../screenshots');
const PASSWORD = 'user-password-123'; // what createUser sets
const ALL: RemoteRight[] = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'];
/** One X screen, two monitors side by side (RandR monitors on Xvfb), each its own colour. */
const MONITOR = { width: 1280, height: 800 };
const LEFT_COLOUR = '#2e86c1';
const RIGHT_COLOUR = '#c0392b';

const near = (rgb: readonly number[], hex: string) => rgbOf(hex).every((c, i) => Math.abs(c - rgb[i]!) <= 28);

/**
 * The session view's tools against the real headless agent under Xvfb, in Chromium: the monitor
 * picker on a two-monitor display. The WebRTC path runs through a UDP relay (the signaling socket
 * is routed so that every ICE candidate points at it).
 */
describe.skipIf(!chromiumAvailable || !XVFB_PRESENT)('remote session tools: monitors (Chromium ↔ headless agent)', () => {
  let ts: TestServer;
  let browser: Browser;
  let xvfb: Xvfb;
  let relay: UdpRelay;
  let agent: AgentProcess;
  let home: string;
  let context: BrowserContext;
  let page: Page;
  let ada: ApiClient;
  let deviceId: string;
  const errors: string[] = [];

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
    await until(
      async () => {
        const d = (await ts.admin.get('/api/devices?q=desk-2m')).body.items?.[0];
        if (d?.online && d.capabilities?.screen.available) deviceId = d.id;
        return Boolean(deviceId);
      },
      30_000,
      `the agent online with a screen (agent said: ${agent.stdout.slice(-400)} ${agent.stderr.slice(-400)})`,
    );

    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ts.url });
    await context.routeWebSocket(/\/api\/remote-sessions\/[^/]+\/signal/, throughRelay);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(`${e.message} ${e.stack ?? ''}`.slice(0, 600)));
    await page.goto(`${ts.url}/`);
    await page.getByLabel('Email').waitFor({ timeout: 60_000 });
    await page.getByLabel('Email').fill(ada.user!.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor({ timeout: 60_000 });
  }, 120_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !page) return;
    // What the page and the device said, next to the failure.
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: `${SHOTS}/remote-session-tools-failed-${name}.png` }).catch(() => {});
    console.error(`page: ${(await page.locator('main').textContent().catch(() => ''))?.slice(0, 1500)}\nagent: ${agent.stdout.slice(-4000)}`);
  });

  afterAll(async () => {
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

    const target = await videoPoint(page, 0.5, 0.25);
    await page.mouse.click(target.x, target.y);
    const want = { x: MONITOR.width + 0.5 * MONITOR.width, y: 0.25 * MONITOR.height };
    let at = { x: -1, y: -1 };
    await until(async () => {
      at = await pointerAt(xvfb.display);
      return Math.abs(at.x - want.x) <= 4 && Math.abs(at.y - want.y) <= 4;
    }, 15_000, `pointer at ${JSON.stringify(want)} on the right monitor`).catch((err: Error) => {
      throw new Error(`${err.message} (last seen at ${JSON.stringify(at)}; agent: ${agent.stdout.split('\n').filter((l) => /input|control|monitor/.test(l)).slice(-5).join(' | ')})`);
    });
  }, 120_000);

  it('the page threw no errors meanwhile', () => {
    expect(pageErrors(errors)).toEqual([]);
  });
});
