import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { SHOTS } from '../fixtures/page-checks';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';

/** Script files the page has fetched so far. */
const scripts = (page: Page): Promise<string[]> =>
  page.evaluate(`performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')).map((n) => n.split('/').pop())`);

/**
 * The console's occasional pages (devices, remote sessions, reports, admin) come in chunks of their
 * own: the queue paints without them, they are fetched in the background once it has, so they open
 * offline too; one that could not be fetched says so instead of leaving the page blank.
 */
describe.skipIf(!chromiumAvailable)('console pages loaded on demand (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  const open = async (block?: RegExp) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(`${e.message} ${e.stack ?? ''}`.slice(0, 600)));
    if (block) await page.route(block, (route) => route.abort('internetdisconnected'));
    await page.goto(`${ts.url}/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor({ timeout: 30_000 });
  };

  it('the queue paints without the remote-session code; the pages are fetched afterwards and then open offline', async () => {
    await open();
    // Fetched while idle after the first paint: the remote session's chunk among them.
    let names: string[] = [];
    for (let i = 0; i < 100 && !(names = await scripts(page)).some((n) => n.startsWith('RemoteSessionPage-')); i++) await page.waitForTimeout(100);
    expect(names.filter((n) => /^(RemoteSessionPage|DevicesPage|DevicePage|ReportsPage|AdminPage)-/.test(n)).map((n) => n.split('-')[0]).sort()).toEqual(['AdminPage', 'DevicePage', 'DevicesPage', 'RemoteSessionPage', 'ReportsPage']);

    await context.setOffline(true);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await context.setOffline(false);
    expect(errors).toEqual([]);
  });

  it('a page whose code cannot be fetched says so, and the next page works', async () => {
    await open(/\/assets\/DevicesPage-[^/]+\.js$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/console-page-load-failed.png` });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    expect(await alert.count()).toBe(0);
  });
});
