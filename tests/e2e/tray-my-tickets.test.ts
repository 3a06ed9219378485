import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/api';
import { chromiumAvailable } from '../fixtures/browser';
import { SHOTS, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startRendererStage, type RendererStage } from '../fixtures/renderer-stage';
import type { TestServer } from '../fixtures/server';


/**
 * The tray popover's renderer (the electron-vite build in out/renderer) in Chromium, talking to a
 * real server. The built page is served from its own origin, as the app serves it from
 * app://tandem, and the server allows that origin (CORS). No bridge: a plain browser.
 */
describe.skipIf(!chromiumAvailable)('tray popover renderer in Chromium', () => {
  let ts: TestServer;
  let browser: Browser;
  let site: RendererStage['site'];
  let stage: RendererStage;

  beforeAll(async () => {
    stage = await startRendererStage();
    ({ ts, browser, site } = stage);
  });
  afterAll(async () => {
    await stage?.close();
  });

  it('an end user signs in and sees their own tickets, not other people’s', async () => {
    const mine = await createUser(ts.admin, 'end_user', { name: 'Erin Enduser' });
    const other = await createUser(ts.admin, 'end_user');
    const subject = `VPN drops every hour ${Date.now()}`;
    expect((await mine.post('/api/tickets', { subject, description: 'Since Monday.' })).status).toBe(201);
    expect((await other.post('/api/tickets', { subject: 'Someone else’s laptop', description: 'Not Erin’s.' })).status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 380, height: 540 } });
    const page = await context.newPage();
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    try {
      // Without the app or a bridge to ask, the page is told its server by `server=`.
      await page.goto(`${site.origin}/tray/index.html?server=${encodeURIComponent(ts.url)}`);
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
      await signIn(page, mine.user!.email, 'user-password-123');
      await page.getByRole('button', { name: 'My tickets' }).click();
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
