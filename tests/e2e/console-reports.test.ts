import { mkdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { expectAccessible, SHOTS, shootBothThemes as shoot, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startTestServer, type TestServer } from '../fixtures/server';

const PASSWORD = 'user-password-123'; // what createUser sets
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Whole-page screenshots in both themes (axe is run where the test says). */
const shootBothThemes = (page: Page, name: string) => shoot(page, name, { fullPage: true });

/**
 * The Reports page in Chromium against the real server: a supervisor opens it from the navigation,
 * reads the seeded figures, changes the range and the group, downloads the CSV; an agent neither
 * sees the entry nor gets the page. Tickets are raised through the API and their times then moved
 * into the past in the store, so response and resolution times are known.
 */
describe.skipIf(!chromiumAvailable)('console reports (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let deskGroup: string;
  let agent: ApiClient;
  let sup: { api: ApiClient; context: BrowserContext; page: Page; errors: string[] };
  const tag = Date.now().toString(36);

  /**
   * Moves a ticket into the past: created at `createdAt`, its reply (and the new → open change it
   * made) `reply` ms later, its resolution and the change to resolved `resolved` ms later, its
   * rating ten minutes after that.
   */
  async function backdate(id: string, createdAt: Date, offsets: { reply?: number; resolved?: number }) {
    const db = ts.store.db;
    const at = (ms: number) => new Date(createdAt.getTime() + ms);
    const resolvedAt = offsets.resolved === undefined ? null : at(offsets.resolved);
    await db.updateTable('tickets').set({ created_at: createdAt, updated_at: resolvedAt ?? createdAt, resolved_at: resolvedAt }).where('id', '=', id).execute();
    if (offsets.reply !== undefined) await db.updateTable('ticket_events').set({ created_at: at(offsets.reply) }).where('ticket_id', '=', id).execute();
    if (resolvedAt) {
      await db.updateTable('ticket_events').set({ created_at: resolvedAt }).where('ticket_id', '=', id).where('kind', '=', 'field_change').where(sql<boolean>`(changes::text like '%"resolved"%')`).execute();
      await db.updateTable('ticket_events').set({ created_at: new Date(resolvedAt.getTime() + 10 * 60_000) }).where('ticket_id', '=', id).where('kind', '=', 'rating').execute();
    }
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
    deskGroup = (await ts.admin.post('/api/groups', { name: `Service desk ${tag}` })).body.id;
    await ts.admin.post('/api/groups', { name: `Network ${tag}` });
    agent = await createUser(ts.admin, 'agent', { name: 'Ada Lovelace', groupIds: [deskGroup] });
    const requester = await createUser(ts.admin, 'end_user', { name: 'Rita Requester' });
    const supApi = await createUser(ts.admin, 'supervisor', { name: 'Sam Supervisor' });

    const raise = async (subject: string, extra: Record<string, unknown> = {}) => {
      const res = await ts.admin.post('/api/tickets', { subject: `${subject} ${tag}`, description: subject, groupId: deskGroup, assigneeId: agent.user!.id, requesterId: requester.user!.id, ...extra });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const reply = async (id: string) => expect((await agent.post(`/api/tickets/${id}/events`, { kind: 'reply', body: 'On it.' })).status).toBe(201);
    const resolveIt = async (id: string) => expect((await agent.patch(`/api/tickets/${id}`, { status: 'resolved' })).status).toBe(200);
    const now = Date.now();

    // Answered after 45 min, resolved after 3 h, two days ago; rated 5.
    const a = await raise('Printer jams', { category: 'Hardware', tags: ['printer'], priority: 'P2' });
    await reply(a);
    await resolveIt(a);
    expect((await requester.post(`/api/tickets/${a}/rating`, { score: 5 })).status).toBe(201);
    // Answered after 2 h three days ago, still open.
    const b = await raise('VPN drops', { category: 'Network', tags: ['vpn'], priority: 'P1' });
    await reply(b);
    // Raised twenty days ago, never answered: only in the 30-day range.
    const c = await raise('Old laptop', { category: 'Hardware' });
    // Answered after 30 min, resolved after 1 h, yesterday.
    const d = await raise('Password reset', { tags: ['password'] });
    await reply(d);
    await resolveIt(d);
    await backdate(a, new Date(now - 2 * DAY), { reply: 0.75 * HOUR, resolved: 3 * HOUR });
    await backdate(b, new Date(now - 3 * DAY), { reply: 2 * HOUR });
    await backdate(c, new Date(now - 20 * DAY), {});
    await backdate(d, new Date(now - 1 * DAY), { reply: 0.5 * HOUR, resolved: 1 * HOUR });

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Paris', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    await page.goto(`${ts.url}/`);
    await signIn(page, supApi.user!.email, PASSWORD, { landing: 'Queue' });
    sup = { api: supApi, context, page, errors };
  }, 120_000);
  afterAll(async () => {
    await sup?.context.close();
    await browser?.close();
    await ts?.close();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && sup) await sup.page.screenshot({ path: `${SHOTS}/reports-failed-${ctx.task.name.slice(0, 20).replaceAll(' ', '-')}.png`, fullPage: true }).catch(() => undefined);
  });

  const kpi = (page: Page, name: string) => page.locator(`[data-kpi="${name}"] .kpi-value`);

  it('a supervisor opens Reports from the navigation and reads the seeded figures (last 30 days)', async () => {
    const { page } = sup;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByText("Days are counted in Europe/Paris, your browser's time zone.").waitFor();
    await kpi(page, 'created').waitFor();
    expect(await kpi(page, 'created').textContent()).toBe('4');
    expect(await kpi(page, 'resolved').textContent()).toBe('2');
    expect(await kpi(page, 'backlog').textContent()).toBe('2');
    // 30 min, 45 min, 2 h → 45 min; c never answered.
    expect(await kpi(page, 'first-response').textContent()).toBe('45 min');
    expect(await page.locator('[data-kpi="first-response"] .kpi-hint').textContent()).toBe('1 ticket still waits for a first answer');
    // 1 h and 3 h → 2 h.
    expect(await kpi(page, 'resolution').textContent()).toBe('2 h');
    expect(await kpi(page, 'satisfaction').textContent()).toBe('5.0 / 5');
    expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');

    const agents = page.getByRole('table', { name: 'Work per agent in the range' });
    const ada = agents.getByRole('row', { name: /Ada Lovelace/ });
    expect((await ada.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(['2', '3', '3', '45 min']);
    const byStatus = page.getByRole('table', { name: 'By status' });
    expect(await byStatus.getByRole('row', { name: /^New/ }).getByRole('cell').first().textContent()).toBe('1');
    expect(await byStatus.getByRole('row', { name: /^Open/ }).getByRole('cell').first().textContent()).toBe('1');
    expect(await page.getByRole('table', { name: 'Top categories' }).getByRole('row', { name: /Hardware/ }).getByRole('cell').first().textContent()).toBe('2');

    // The chart says in words what it draws, and its figures are one click away as a table.
    const chart = page.getByRole('img', { name: /Line chart of tickets created and resolved per day/ });
    expect(await chart.getAttribute('aria-labelledby')).toBeTruthy();
    await page.getByText('Show the figures as a table').click();
    const perDay = page.getByRole('table', { name: 'Tickets created and resolved per day' });
    expect(await perDay.getByRole('row').count()).toBe(31); // header + 30 days
    await expectAccessible(page);
    await shootBothThemes(page, 'console-reports');
    await page.getByText('Show the figures as a table').click();
    expect(sup.errors).toEqual([]);
  }, 120_000);

  it('changes the range and the group; the URL keeps them', async () => {
    const { page } = sup;
    await page.goto(`${ts.url}/reports`);
    await kpi(page, 'created').waitFor();
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await expect.poll(() => page.url()).toContain('range=7');
    await expect.poll(() => kpi(page, 'created').textContent()).toBe('3');
    expect(await kpi(page, 'backlog').textContent()).toBe('2'); // the backlog is now, whatever the range

    await page.getByLabel('Group', { exact: true }).selectOption({ label: `Network ${tag}` });
    await expect.poll(() => page.url()).toContain('group=');
    await expect.poll(() => kpi(page, 'created').textContent()).toBe('0');
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'All groups' });
    await expect.poll(() => kpi(page, 'created').textContent()).toBe('3');

    // A custom range of the last two local days: d (yesterday) only.
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()));
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - DAY).toISOString().slice(0, 10);
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From', { exact: true }).fill(yesterday);
    await expect.poll(() => page.url()).toContain(`from=${yesterday}`);
    expect(page.url()).toContain(`to=${today}`);
    await expect.poll(() => kpi(page, 'created').textContent()).toBe('1');

    // A reload keeps the choice (it lives in the address bar).
    await page.reload();
    await kpi(page, 'created').waitFor();
    expect(await kpi(page, 'created').textContent()).toBe('1');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(yesterday);

    // A range the server refuses shows its sentence.
    await page.goto(`${ts.url}/reports?from=${today}&to=${yesterday}`);
    await page.getByRole('alert').getByText(/ends before it starts/).waitFor();
    await page.goto(`${ts.url}/reports?range=30`);
    await kpi(page, 'created').waitFor();
    expect(sup.errors).toEqual([]);
  }, 120_000);

  it('downloads the figures as a CSV a spreadsheet opens', async () => {
    const { page } = sup;
    await page.goto(`${ts.url}/reports`);
    await kpi(page, 'created').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^tandem-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFFTandem report\r\n')).toBe(true);
    expect(text).toContain('\r\nTime zone,Europe/Paris\r\n');
    expect(text).toContain('\r\nTickets created,4\r\n');
    expect(text).toContain('\r\nTickets resolved,2\r\n');
    expect(text).toContain('\r\nFirst response median (minutes),45\r\n');
    expect(text).toContain('\r\nAda Lovelace,2,3,3,45\r\n');
    expect(text).toContain('\r\nHardware,2\r\n');
    expect(text.split('\r\n').filter((l) => /^\d{4}-\d{2}-\d{2},\d+,\d+$/.test(l)).length).toBe(30);
  }, 120_000);

  it('offline, says reports need the server, and loads by itself once back', async () => {
    const { page, context } = sup;
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    await page.getByText(/Reports need a connection to the server/).waitFor();
    await shootBothThemes(page, 'console-reports-offline');
    await context.setOffline(false);
    await expect.poll(() => kpi(page, 'created').textContent(), { timeout: 20_000 }).toBe('4');
  }, 120_000);

  it('an agent has no Reports entry and is refused at /reports', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 800 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${ts.url}/`);
      await signIn(page, agent.user!.email, PASSWORD, { landing: 'Queue' });
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).not.toContain('Reports');
      await page.goto(`${ts.url}/reports`);
      await page.getByRole('alert').getByText('Reports are for supervisors and admins. Ask an admin if you need them.').waitFor();
      expect(await page.locator('.kpi').count()).toBe(0);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  }, 120_000);
});
