import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/api';
import { chromiumAvailable } from '../fixtures/browser';
import { SHOTS, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startRendererStage, type RendererStage } from '../fixtures/renderer-stage';
import type { TestServer } from '../fixtures/server';
import { eventually } from '../fixtures/sync-client';

const PASSWORD = 'user-password-123'; // what createUser sets

/**
 * Rating a resolved request in the tray popover (Chromium, against the real server), and the agent
 * reading that rating on the console's ticket page.
 */
describe.skipIf(!chromiumAvailable)('rating a resolved ticket: tray → console (Chromium)', () => {
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

  it('the requester rates a resolved ticket once; the agent sees the score and comment', async () => {
    const erin = await createUser(ts.admin, 'end_user', { name: 'Erin Enduser' });
    const agent = await createUser(ts.admin, 'agent', { name: 'Ada Agent' });
    const subject = `Printer offline ${Date.now()}`;
    const t = (await erin.post('/api/tickets', { subject, description: 'Floor 2.' })).body as { id: string; number: number };
    expect((await agent.post(`/api/tickets/${t.id}/events`, { kind: 'reply', body: 'Restarted the spooler.' })).status).toBe(201);
    expect((await agent.patch(`/api/tickets/${t.id}`, { status: 'resolved' })).status).toBe(200);

    const tray = await browser.newContext({ viewport: { width: 380, height: 640 } });
    const page = await tray.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    try {
      await page.goto(`${site.origin}/tray/index.html?server=${encodeURIComponent(ts.url)}`);
      await signIn(page, erin.user!.email, PASSWORD);
      await page.getByRole('button', { name: 'My tickets' }).click();
      await page.getByRole('button', { name: new RegExp(subject) }).click();
      const form = page.getByRole('form', { name: 'How did IT do?' });
      await form.waitFor();
      const send = form.getByRole('button', { name: 'Send rating' });
      expect(await send.isDisabled()).toBe(true);
      await form.getByRole('radio', { name: /Very good/ }).check();
      await form.getByLabel('Anything to add? (optional)').fill('Fixed in ten minutes.');
      const a11y = await new AxeBuilder({ page }).include('.tray-rating').analyze();
      expect(a11y.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await send.click();
      await page.getByRole('status').filter({ hasText: 'You rated this 4 out of 5' }).waitFor();
      // Once rated, the form is gone: one rating per resolution.
      expect(await page.getByRole('form', { name: 'How did IT do?' }).count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/tray-rating.png` });

      await eventually(async () => {
        const events = (await agent.get(`/api/tickets/${t.id}/events`)).body.items as { kind: string; score?: number; body: string | null; authorId: string }[];
        expect(events.filter((e) => e.kind === 'rating')).toEqual([expect.objectContaining({ score: 4, body: 'Fixed in ten minutes.', authorId: erin.user!.id })]);
      }, 15_000);
      expect(errors).toEqual([]);
    } finally {
      await tray.close();
    }

    const console = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agentPage = await console.newPage();
    agentPage.setDefaultTimeout(10_000);
    try {
      await agentPage.goto(`${ts.url}/`);
      await signIn(agentPage, agent.user!.email, PASSWORD, { landing: 'Queue' });
      await agentPage.goto(`${ts.url}/tickets/T-${t.number}`);
      const line = agentPage.getByRole('listitem', { name: 'Erin Enduser rated this 4/5 (Very good)' });
      await line.waitFor();
      expect(await line.textContent()).toContain('Fixed in ten minutes.');
      // Read-only for the agent: nothing on the page offers to rate.
      expect(await agentPage.getByRole('button', { name: 'Send rating' }).count()).toBe(0);
      await agentPage.screenshot({ path: `${SHOTS}/console-rating.png` });
    } finally {
      await console.close();
    }
  }, 120_000);
});
