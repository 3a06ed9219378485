import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticsSnapshot } from '../../src/shared/domain/diagnostics';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable } from '../fixtures/browser';
import { SHOTS, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startRendererStage, type RendererStage } from '../fixtures/renderer-stage';
import type { TestServer } from '../fixtures/server';
import { TrayBridgeProcess } from '../fixtures/tray-bridge';
import { XVFB_PRESENT, startXvfb, type Xvfb } from '../fixtures/xvfb';

const PASSWORD = 'user-password-123';

/**
 * The tray renderer in Chromium in bridge mode: the page talks to the real Tandem server for
 * tickets and to the tray's handler map over the local WebSocket bridge (`npm run tray:bridge`, a
 * child process) for the device's diagnostics, screenshot, remembered sign-in and notifications,
 * as it talks to Electron main over IPC in the app. Screenshots come from a private Xvfb. The built
 * page is served from its own origin (as the app serves it from app://tandem), which the server
 * allows through TANDEM_CORS_ORIGINS.
 */
describe.skipIf(!chromiumAvailable)('tray: raise a ticket with diagnostics, get a reply (Chromium, bridge mode)', () => {
  let ts: TestServer;
  let browser: Browser;
  let bridge: TrayBridgeProcess;
  let bridgeUrl: string;
  let xvfb: Xvfb | null = null;
  let stateDir: string;
  let agent: ApiClient;
  let site: RendererStage['site'];
  let stage: RendererStage;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'tandem-tray-e2e-'));
    [stage, xvfb] = await Promise.all([startRendererStage(), XVFB_PRESENT ? startXvfb('1024x640x24') : null]);
    ({ ts, browser, site } = stage);
    // Something on the "desktop" so the screenshot is recognisably this display.
    if (xvfb) await xvfb.x('xsetroot', ['-solid', '#3b82f6']);
    ({ bridge, url: bridgeUrl } = await TrayBridgeProcess.start(['--server', ts.url, '--origin', site.origin, '--state-dir', stateDir], {
      DISPLAY: xvfb?.display ?? '',
    }));
    agent = await createUser(ts.admin, 'agent', { name: 'Alex Agent' });
    const kb = await ts.admin.post('/api/kb', {
      title: 'VPN disconnects every hour',
      body: 'Open **Settings → VPN**, remove the profile and add it again. This fixes most hourly drops.',
      visibility: 'public',
    });
    expect(kb.status).toBe(201);
  });
  afterAll(async () => {
    await bridge?.stop();
    await stage?.close();
    await xvfb?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  /** The popover's size. */
  const trayContext = (): Promise<BrowserContext> => browser.newContext({ viewport: { width: 380, height: 640 } });
  /** The page is told its server (as main's app:getServerUrl would) through the bridge; `bridge=` names it. */
  const trayUrl = () => `${site.origin}/tray/index.html?bridge=${encodeURIComponent(bridgeUrl)}`;

  async function signInToTray(page: Page, email: string): Promise<void> {
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    await signIn(page, email, PASSWORD, { landing: 'Ask IT for help' });
  }

  /** Waits until `check` passes (polling the real API). */
  async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('an end user raises a ticket with diagnostics and a screenshot; an agent sees it and replies; the tray shows the reply and asks for a notification', async () => {
    const user = await createUser(ts.admin, 'end_user', { name: 'Erin Enduser' });
    const context = await trayContext();
    const page = await context.newPage();
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    try {
      await page.goto(trayUrl());
      await signInToTray(page, user.user!.email);

      // What is sent is shown before sending: the diagnostics summary, and the screenshot.
      await page.getByText('Diagnostics of this computer').waitFor({ timeout: 20_000 }).catch(async (e) => {
        await page.screenshot({ path: `${SHOTS}/debug.png`, fullPage: true });
        console.log(bridge.stderr, JSON.stringify(bridge.events), errors);
        throw e;
      });
      if (xvfb) await page.getByRole('img', { name: 'The screenshot that will be sent' }).waitFor();
      else await page.getByText(/^No screenshot:/).waitFor();

      const subject = 'VPN disconnects every hour since Monday';
      await page.getByLabel('What is the problem?').fill(subject);
      // A help article is suggested while typing, and can be read in place.
      const suggestions = page.getByRole('region', { name: 'These articles may solve it' });
      await suggestions.getByText('VPN disconnects every hour').waitFor();
      await suggestions.getByRole('button', { name: 'Read' }).click();
      await suggestions.getByText('remove the profile and add it again').waitFor();
      await page.getByLabel('Category').selectOption('network');
      await page.getByLabel('Details').fill('The connection drops at :00 every hour and Teams calls end.');
      await page.getByText('Show everything that is sent').click();
      await page.screenshot({ path: `${SHOTS}/tray-raise-ticket.png`, fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

      await page.getByRole('button', { name: 'Send to IT' }).click();
      // The request opens with its number once the server has taken it.
      await page.getByRole('heading', { name: subject }).waitFor();
      const numberText = await page.locator('.tray-ticket-view .tray-ticket-meta .code').filter({ hasText: /^T-\d+$/ }).textContent({ timeout: 15_000 });

      // The agent sees it, from the tray, with the diagnostics (JSON) and screenshot (PNG) attached by a reply.
      const listed = await agent.get(`/api/tickets?q=${encodeURIComponent('VPN disconnects every hour since')}`);
      expect(listed.status).toBe(200);
      const ticket = listed.body.items.find((t: { subject: string }) => t.subject === subject);
      expect(ticket).toMatchObject({ channel: 'tray', category: 'network', status: 'new', requesterId: user.user!.id, description: 'The connection drops at :00 every hour and Teams calls end.' });
      expect(`T-${ticket.number}`).toBe(numberText);
      const withFiles = await eventually(async () => {
        const events = await agent.get(`/api/tickets/${ticket.id}/events`);
        return events.body.items.find((e: { kind: string; attachmentIds: string[] }) => e.kind === 'reply' && e.attachmentIds.length > 0);
      }, 'the diagnostics reply');
      expect(withFiles.authorId).toBe(user.user!.id);
      expect(withFiles.attachmentIds).toHaveLength(xvfb ? 2 : 1);
      const [diagnosticsId, screenshotId] = withFiles.attachmentIds as string[];
      const meta = await agent.get(`/api/attachments/${diagnosticsId}`);
      expect(meta.body).toMatchObject({ filename: 'diagnostics.json', mime: 'application/json', ticketId: ticket.id });
      const json = await fetch(`${ts.url}/api/attachments/${diagnosticsId}/content`, { headers: { authorization: `Bearer ${agent.accessToken}` } });
      const snapshot = DiagnosticsSnapshot.parse(await json.json());
      expect(snapshot.os).toMatchObject({ platform: process.platform });
      // The one connectivity check is the Tandem server itself, and it answered.
      expect(Array.isArray(snapshot.connectivity) ? snapshot.connectivity.map((c) => [c.target, c.ok]) : snapshot.connectivity).toEqual([[`${ts.url}/api/health`, true]]);
      if (xvfb) {
        expect((await agent.get(`/api/attachments/${screenshotId}`)).body).toMatchObject({ filename: 'screenshot.png', mime: 'image/png' });
        const png = Buffer.from(await (await fetch(`${ts.url}/api/attachments/${screenshotId}/content`, { headers: { authorization: `Bearer ${agent.accessToken}` } })).arrayBuffer());
        expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 640]);
      }

      // The agent replies; the tray shows it live and asks main for a desktop notification.
      const reply = await agent.post(`/api/tickets/${ticket.id}/events`, { kind: 'reply', body: 'Please remove the VPN profile and add it again, then tell me if it still drops.' });
      expect(reply.status).toBe(201);
      await page.getByText('Please remove the VPN profile and add it again').waitFor();
      await page.locator('.tray-timeline li.theirs strong', { hasText: 'Alex Agent' }).first().waitFor();
      const note = await bridge.waitFor((e) => e.event === 'notify' && e.title === `New reply on ${numberText}`);
      expect(note.body).toBe('Please remove the VPN profile and add it again, then tell me if it still drops.');
      // The agent's first reply took the ticket into work.
      await page.locator('.tray-ticket-view .badge', { hasText: 'Open' }).waitFor();

      // The user answers back from the tray.
      await page.getByLabel('Your reply').fill('Done, it has been stable for an hour.');
      await page.getByRole('button', { name: 'Send reply' }).click();
      await eventually(async () => {
        const events = await agent.get(`/api/tickets/${ticket.id}/events`);
        return events.body.items.some((e: { body: string | null; authorId: string }) => e.body === 'Done, it has been stable for an hour.' && e.authorId === user.user!.id);
      }, 'the user reply on the server');
      await page.screenshot({ path: `${SHOTS}/tray-ticket-reply.png`, fullPage: true });

      // Resolved by the agent, reopened by the user.
      expect((await agent.patch(`/api/tickets/${ticket.id}`, { status: 'resolved' })).status).toBe(200);
      await page.getByRole('button', { name: 'Reopen this request' }).click();
      await eventually(async () => (await agent.get(`/api/tickets/${ticket.id}`)).body.status === 'open', 'the reopen on the server');

      // The sign-in is remembered (by main; here the bridge's state folder): a reload needs no password.
      await page.reload();
      await page.getByRole('heading', { name: 'Ask IT for help' }).waitFor();
      await page.getByRole('button', { name: 'My tickets' }).click();
      await page.getByRole('button', { name: new RegExp(subject) }).waitFor();
      // Signing out forgets it.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a ticket raised offline is kept, shown as waiting, and synced (with its diagnostics) when the connection is back', async () => {
    const user = await createUser(ts.admin, 'end_user', { name: 'Olly Offline' });
    const context = await trayContext();
    const page = await context.newPage();
    try {
      await page.goto(trayUrl());
      await signInToTray(page, user.user!.email);
      await page.getByText('Diagnostics of this computer').waitFor({ timeout: 20_000 });

      await context.setOffline(true);
      const subject = `Printer on floor 2 jams ${Date.now()}`;
      await page.getByLabel('What is the problem?').fill(subject);
      await page.getByLabel('Category').selectOption('printing');
      await page.getByRole('button', { name: 'Send to IT' }).click();
      await page.getByRole('heading', { name: subject }).waitFor();
      await page.locator('.tray-ticket-view .tray-unsent', { hasText: 'Waiting to be sent' }).waitFor();
      await page.getByText('Offline', { exact: true }).waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${SHOTS}/tray-offline.png`, fullPage: true });
      const before = await agent.get(`/api/tickets?q=${encodeURIComponent(subject)}`);
      expect(before.body.items).toEqual([]);

      await context.setOffline(false);
      const ticket = await eventually(async () => (await agent.get(`/api/tickets?q=${encodeURIComponent(subject)}`)).body.items[0], 'the offline ticket on the server', 30_000);
      expect(ticket).toMatchObject({ subject, channel: 'tray', category: 'printing', requesterId: user.user!.id });
      await page.locator('.tray-ticket-view .code', { hasText: `T-${ticket.number}` }).waitFor({ timeout: 15_000 });
      await eventually(async () => {
        const events = await agent.get(`/api/tickets/${ticket.id}/events`);
        return events.body.items.some((e: { attachmentIds: string[] }) => e.attachmentIds.length > 0);
      }, 'the diagnostics of the offline ticket', 30_000);
    } finally {
      await context.close();
    }
  }, 120_000);
});
