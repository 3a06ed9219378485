import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/api';
import { chromiumAvailable } from '../fixtures/browser';
import { SHOTS, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startRendererStage, type RendererStage } from '../fixtures/renderer-stage';
import type { TestServer } from '../fixtures/server';
import { eventually } from '../fixtures/sync-client';
import { TcpGate } from '../fixtures/tcp-gate';
import { TrayBridgeProcess } from '../fixtures/tray-bridge';

const PASSWORD = 'user-password-123'; // what createUser sets

/**
 * The tray started while the Tandem server cannot be reached (Chromium, bridge mode). The page and
 * the bridge reach the server only through a TCP gate the test closes, so the tray starts as it
 * does on a laptop that has left the network: it signs in from the remembered sign-in, opens the
 * last user's local database, shows their requests and takes a new one; when the gate opens, the
 * session refreshes its token and the request reaches the server.
 */
describe.skipIf(!chromiumAvailable)('tray starts offline (Chromium, bridge mode)', () => {
  let ts: TestServer;
  let browser: Browser;
  let gate: TcpGate;
  let bridge: TrayBridgeProcess;
  let bridgeUrl: string;
  let stateDir: string;
  let site: RendererStage['site'];
  let stage: RendererStage;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'tandem-tray-offline-'));
    stage = await startRendererStage();
    ({ ts, browser, site } = stage);
    gate = await TcpGate.start(ts.url);
    ({ bridge, url: bridgeUrl } = await TrayBridgeProcess.start(['--server', gate.url, '--origin', site.origin, '--state-dir', stateDir], { DISPLAY: '' }));
  });
  afterAll(async () => {
    await bridge?.stop();
    await gate?.stop();
    await stage?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('opens the last user’s local data with the server down, takes a request, and sends it when the server is back', async () => {
    const erin = await createUser(ts.admin, 'end_user', { name: 'Erin Enduser' });
    const earlier = `Laptop fan loud ${Date.now()}`;
    expect((await erin.post('/api/tickets', { subject: earlier, description: 'Since the update.' })).status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 380, height: 640 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    try {
      await page.goto(`${site.origin}/tray/index.html?bridge=${encodeURIComponent(bridgeUrl)}`);
      await signIn(page, erin.user!.email, PASSWORD);
      await page.getByRole('button', { name: 'My tickets' }).click();
      await page.getByRole('button', { name: new RegExp(earlier) }).waitFor();
      // main (here the bridge) remembers the token and whose it is.
      await eventually(async () => expect(JSON.parse(await readFile(join(stateDir, 'sign-in'), 'utf8'))).toMatchObject({ user: { id: erin.user!.id } }));

      // The server goes away; the tray is started again (a reboot, a new day on the train).
      gate.close();
      await page.reload();
      await page.getByRole('heading', { name: 'Ask IT for help' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Sign in to Tandem' }).count()).toBe(0);
      await page.getByText('Offline', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'My tickets' }).click();
      await page.getByRole('button', { name: new RegExp(earlier) }).waitFor();

      await page.getByRole('button', { name: 'Ask for help' }).click();
      const subject = `Printer on floor 2 jams ${Date.now()}`;
      await page.getByLabel('What is the problem?').fill(subject);
      await page.getByLabel('Category').selectOption('printing');
      await page.getByRole('button', { name: 'Send to IT' }).click();
      await page.getByRole('heading', { name: subject }).waitFor();
      await page.locator('.tray-ticket-view .tray-unsent', { hasText: 'Waiting to be sent' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/tray-offline-start.png`, fullPage: true });
      // Held for a while with the server still down: the session keeps retrying rather than signing out.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await page.getByRole('heading', { name: 'Sign in to Tandem' }).count()).toBe(0);
      expect((await ts.admin.get(`/api/tickets?q=${encodeURIComponent(subject)}`)).body.items).toEqual([]);

      gate.reopen();
      await eventually(async () => {
        const found = (await ts.admin.get(`/api/tickets?q=${encodeURIComponent(subject)}`)).body.items;
        expect(found).toEqual([expect.objectContaining({ subject, channel: 'tray', category: 'printing', requesterId: erin.user!.id })]);
      }, 30_000);
      const ticket = (await ts.admin.get(`/api/tickets?q=${encodeURIComponent(subject)}`)).body.items[0] as { number: number };
      await page.locator('.tray-ticket-view .code', { hasText: `T-${ticket.number}` }).waitFor();
      await page.getByText('Offline', { exact: true }).waitFor({ state: 'detached' });

      // The refreshed token was remembered: starting again online needs no password either.
      await page.reload();
      await page.getByRole('heading', { name: 'Ask IT for help' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

