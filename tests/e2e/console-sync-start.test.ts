import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startTestServer, type TestServer } from '../fixtures/server';
import { snapshotWebBuild } from '../fixtures/web-build';

const PASSWORD = 'user-password-123'; // what createUser sets

/**
 * The console's local database while its first sync is still running: signing in, reloading and
 * signing out and in again at once must not close the database under the sync session (RxDB's
 * "RxStorageInstanceDexie is closed", replications started on an undefined collection) nor throw
 * anything else. Every page error fails the test, and so does React's "Maximum update depth
 * exceeded" (the command registry re-registered for ever on the queue and ticket pages).
 */
describe.skipIf(!chromiumAvailable)('local data during the first sync (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let agent: ApiClient;
  let webCopy: string | undefined;
  const webRootBefore = process.env.TANDEM_WEB_ROOT;

  beforeAll(async () => {
    webCopy = snapshotWebBuild();
    process.env.TANDEM_WEB_ROOT = webCopy;
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
    const group = await ts.admin.post('/api/groups', { name: 'Start desk' });
    agent = await createUser(ts.admin, 'agent', { name: 'Sam Start', groupIds: [group.body.id] });
    const requester = await createUser(ts.admin, 'end_user', { name: 'Rob Requester' });
    for (let i = 0; i < 40; i++) {
      const res = await ts.admin.post('/api/tickets', { subject: `Dock ${i}`, description: 'no display', groupId: group.body.id, requesterId: requester.user!.id });
      expect(res.status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ts?.close();
    if (webRootBefore === undefined) delete process.env.TANDEM_WEB_ROOT;
    else process.env.TANDEM_WEB_ROOT = webRootBefore;
    if (webCopy) rmSync(webCopy, { recursive: true, force: true });
  });

  it('sign in, reload during the first sync, sign out and in again at once, navigate: no page error, no render loop', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    // React reports a render loop in development builds (as the e2e build is) on the console.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Maximum update depth/.test(m.text())) errors.push(`${page.url()} ${m.text().slice(0, 300)}`);
    });
    await collectPageErrors(page, errors);
    try {
      await page.goto(`${ts.url}/`);
      await signIn(page, agent.user!.email, PASSWORD, { landing: 'Queue' });
      for (const wait of [0, 50, 150, 400]) {
        await page.waitForTimeout(wait);
        await page.reload();
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
      }
      await page.getByRole('button', { name: /All tickets/ }).click();
      await page.getByRole('row', { name: /Dock 39\b/ }).first().click();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: /Dock 39/ }).first().waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      // Signed out and straight back in: the next open waits for this close, never runs beside it.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await signIn(page, agent.user!.email, PASSWORD, { landing: 'Queue' });
      await page.getByRole('button', { name: /All tickets/ }).click();
      await page.getByRole('row', { name: /Dock 39\b/ }).first().waitFor();
      await page.waitForTimeout(1_500);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
