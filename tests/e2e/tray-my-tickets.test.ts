import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { startTestServer, type TestServer } from '../fixtures/server';

const root = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(root, 'screenshots');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * The tray popover's renderer (the electron-vite build in out/renderer) in Chromium, talking to a
 * real server. The server does not serve the tray page, so the browser is handed the built files
 * under /tray-app/ on the server's origin; every API call still goes to the real server.
 */
describe.skipIf(!chromiumAvailable)('tray popover renderer in Chromium', () => {
  let ts: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await ts?.close();
  });

  it('an end user signs in and sees their own tickets, not other people’s', async () => {
    const mine = await createUser(ts.admin, 'end_user', { name: 'Erin Enduser' });
    const other = await createUser(ts.admin, 'end_user');
    const subject = `VPN drops every hour ${Date.now()}`;
    expect((await mine.post('/api/tickets', { subject, description: 'Since Monday.' })).status).toBe(201);
    expect((await other.post('/api/tickets', { subject: 'Someone else’s laptop', description: 'Not Erin’s.' })).status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 380, height: 540 } });
    await context.route(`${ts.url}/tray-app/**`, async (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^\/tray-app\//, '');
      const file = resolve(root, 'out/renderer', path);
      await route.fulfill({ body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${ts.url}/tray-app/tray/index.html`);
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
      await page.getByLabel('Email').fill(mine.user!.email);
      await page.getByLabel('Password', { exact: true }).fill('user-password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'My tickets' }).waitFor();
      await page.getByRole('listitem').filter({ hasText: subject }).waitFor();
      expect(await page.getByRole('listitem').count()).toBe(1);
      expect(await page.getByText('Someone else’s laptop').count()).toBe(0);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/tray-my-tickets.png` });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
