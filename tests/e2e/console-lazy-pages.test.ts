import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { SHOTS, signIn } from '../fixtures/page-checks';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';
import { collectPageErrors } from '../fixtures/page-errors';

/** Script files the page has fetched so far. */
const scripts = (page: Page): Promise<string[]> =>
  page.evaluate(`performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')).map((n) => n.split('/').pop())`);

/**
 * The console's occasional pages (devices, remote sessions, reports, admin) come in chunks of their
 * own: the queue paints without them; a page's chunk is fetched when the pointer reaches its link,
 * so the click opens it even if the connection dropped in between; one that could not be fetched
 * says so instead of leaving the page blank.
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
    await collectPageErrors(page, errors);
    if (block) await page.route(block, (route) => route.abort('internetdisconnected'));
    await page.goto(`${ts.url}/`);
    await signIn(page, ADMIN.email, ADMIN.password, { landing: 'Queue', timeout: 30_000 });
  };

  it('the queue paints without the other pages’ code; hovering a link fetches its page, which then opens offline', async () => {
    await open();
    const lazy = async () => (await scripts(page)).filter((n) => /^(RemoteSessionPage|DevicesPage|DevicePage|ReportsPage|AdminPage)-/.test(n)).map((n) => n.split('-')[0]).sort();
    await page.waitForTimeout(1500); // long enough for any fetch started at first paint
    expect(await lazy()).toEqual([]);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Reports' }).hover();
    for (let i = 0; i < 100 && !(await lazy()).includes('ReportsPage'); i++) await page.waitForTimeout(100);
    expect(await lazy()).toEqual(['ReportsPage']);

    await context.setOffline(true);
    await nav.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    expect(await page.getByText('This page could not be loaded').count()).toBe(0);
    await context.setOffline(false);
    // Online again, a page not hovered first is fetched on the click.
    await nav.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
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
