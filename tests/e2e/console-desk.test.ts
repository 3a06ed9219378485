import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { SHOTS, shootBothThemes as shoot, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';
import { snapshotWebBuild } from '../fixtures/web-build';

/** Screenshots in both themes, each checked by axe. */
const shootBothThemes = (page: Page, name: string) => shoot(page, name, { fullPage: true, checkAccessible: true });
const PASSWORD = 'user-password-123'; // what createUser sets

interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * The console's knowledge base, ticket tools and admin pages in Chromium against the real server:
 * an article written with its preview, edited and restored from history; two tickets merged; the
 * requester panel; two agents seeing each other on a ticket; the admin pages; axe on each page.
 */
describe.skipIf(!chromiumAvailable)('knowledge base, ticket tools and admin pages (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let groupId: string;
  let webCopy = '';
  const open: Person[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    webCopy = snapshotWebBuild();
    process.env.TANDEM_WEB_ROOT = webCopy;
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
    const group = await ts.admin.post<{ id: string }>('/api/groups', { name: 'Service desk', description: 'First line' });
    expect(group.status).toBe(201);
    groupId = group.body.id;
  }, 180_000);
  // Each test's browser contexts close after it: a dozen live consoles syncing at once slow the
  // machine enough to time later tests out.
  afterEach(async () => {
    for (const p of open.splice(0)) await p.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await ts?.close();
    delete process.env.TANDEM_WEB_ROOT;
    if (webCopy) rmSync(webCopy, { recursive: true, force: true });
  });

  async function signedIn(email: string, password: string, landing: string): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text().slice(0, 200)}`));
    page.on('requestfailed', (r) => logs.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    await page.goto(`${ts.url}/`);
    // out/web is shared by every test run on this machine and rebuilt when sources change: a page
    // loaded while another run rebuilds it can miss its assets. One reload gets the new build.
    if (!(await page.getByLabel('Email').waitFor().then(() => true, () => false))) {
      await page.reload();
      await page.getByLabel('Email').waitFor().catch(() => {
        throw new Error(`no sign-in form after a reload; console: ${logs.join(' || ')}`);
      });
    }
    await signIn(page, email, password, { landing });
    const person = { context, page, errors };
    open.push(person);
    return person;
  }
  const agentInBrowser = async (name: string) => {
    const api = await createUser(ts.admin, 'agent', { name, groupIds: [groupId] });
    return { api, ...(await signedIn(api.user!.email, PASSWORD, 'Queue')) };
  };
  const ticket = async (subject: string, extra: Record<string, unknown> = {}) => {
    const res = await ts.admin.post<{ id: string; number: number }>('/api/tickets', { subject, description: `About: ${subject}`, groupId, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const openTicket = async (page: Page, number: number) => {
    await page.goto(`${ts.url}/queue/T-${number}`);
    await page.getByRole('heading', { name: new RegExp(`T-${number}`) }).waitFor();
  };

  it('writes an article with a live Markdown preview, edits it, and restores the first version', async () => {
    const { page, errors } = await agentInBrowser('Kim Writer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New article' }).click();
    await page.getByLabel('Title').fill('Reset a VPN token');
    await page.getByLabel('Category').fill('Network');
    await page.getByLabel('Text', { exact: true }).fill('# Steps\n\n1. **Open** the portal\n2. Ask for a new token\n\n<img src=x alt="" onerror="window.__xss=1">');
    const preview = page.getByTestId('kb-preview');
    await preview.locator('strong', { hasText: 'Open' }).waitFor();
    expect(await preview.locator('h1').textContent()).toBe('Steps');
    expect(await preview.locator('ol li').count()).toBe(2);
    // The preview is sanitised: the handler never ran and is not in the DOM.
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await preview.innerHTML()).not.toContain('onerror');
    await shootBothThemes(page, 'kb-editor');
    await page.getByRole('button', { name: 'Save article' }).click();
    await page.getByRole('heading', { name: 'Reset a VPN token', level: 1 }).waitFor();

    // The article reaches the server (sync push), then an edit makes version 2.
    await expect.poll(async () => (await ts.admin.get<{ items: { title: string }[] }>('/api/kb?q=VPN')).body.items.map((a) => a.title), { timeout: 10_000 }).toContain('Reset a VPN token');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Text', { exact: true }).fill('# Steps\n\nCall the service desk.');
    await page.getByRole('button', { name: 'Save article' }).click();
    await page.locator('.kb-read h1', { hasText: 'Steps' }).waitFor();
    await page.getByText('Call the service desk.').waitFor();
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Versions' });
    await history.getByText('Version 2').waitFor({ timeout: 15_000 });
    await shootBothThemes(page, 'kb-article-history');
    await page.getByRole('button', { name: 'View Version 1' }).click();
    await page.getByRole('heading', { name: /Version 1: Reset a VPN token/ }).waitFor();
    await page.getByRole('button', { name: 'Restore this version' }).click();
    await page.getByText('Version 1 is the current text again').waitFor();
    // The restored text comes back to this page through sync.
    await page.locator('.kb-read strong', { hasText: 'Open' }).waitFor({ timeout: 15_000 });
    await history.getByText('Version 3').waitFor({ timeout: 15_000 });

    // The list and its search.
    await page.getByRole('link', { name: /Back to the knowledge base/ }).click();
    await page.getByLabel('Search articles').fill('tok');
    await page.getByRole('list', { name: 'Articles' }).getByRole('link', { name: 'Reset a VPN token' }).waitFor();
    await shootBothThemes(page, 'kb-list');
    await page.getByLabel('Search articles').fill('printer');
    await page.getByText('No article matches').waitFor();
    expect(errors).toEqual([]);
  }, 180_000);

  it('merges two tickets: the conversation moves to the target and both point to each other', async () => {
    const tag = randomUUID().slice(0, 6);
    const target = await ticket(`Outlook keeps asking for a password ${tag}`);
    const source = await ticket(`Password prompt in Outlook ${tag}`);
    const reply = await ts.admin.post(`/api/tickets/${source.id}/events`, { kind: 'reply', body: `Is it the desktop app? ${tag}` });
    expect(reply.status).toBe(201);
    const { page, errors } = await agentInBrowser('Max Merger');
    await openTicket(page, source.number);
    await page.getByRole('button', { name: 'Merge…' }).click();
    await page.getByLabel('Ticket number').fill(`T-${target.number}`);
    await page.getByRole('button', { name: 'Find' }).click();
    await shootBothThemes(page, 'ticket-merge');
    await page.getByRole('button', { name: new RegExp(`Merge T-${source.number} into T-${target.number}`) }).click();
    // Lands on the target, where the moved reply and the pointer to the source show up by sync.
    await page.getByRole('heading', { name: new RegExp(`T-${target.number}`) }).waitFor();
    await page.getByText(`Is it the desktop app? ${tag}`).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: `T-${source.number}` }).first().waitFor({ timeout: 15_000 });
    expect((await ts.admin.get<{ status: string }>(`/api/tickets/${source.id}`)).body.status).toBe('closed');
    await page.getByRole('link', { name: `T-${source.number}` }).first().click();
    await page.getByText(`Merged into T-${target.number}`).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  }, 180_000);

  it("shows the requester's other tickets and devices beside the ticket", async () => {
    const requester = await createUser(ts.admin, 'end_user', { name: 'Rosa Requester' });
    const tag = randomUUID().slice(0, 6);
    const first = await ticket(`Docking station dead ${tag}`, { requesterId: requester.user!.id });
    await ticket(`Second monitor flickers ${tag}`, { requesterId: requester.user!.id });
    const now = new Date();
    await ts.store.db
      .insertInto('devices')
      .values({ id: randomUUID(), name: `ROSA-LAPTOP-${tag}`, hostname: 'rosa.corp', os: 'Windows 11', owner_id: requester.user!.id, group_id: null, public_key: null, enrolled_at: now, last_seen_at: now, revoked_at: null, created_at: now, updated_at: now })
      .execute();
    const { page, errors } = await agentInBrowser('Pia Panel');
    await openTicket(page, first.number);
    const panel = page.getByTestId('requester-panel');
    await panel.getByText('Rosa Requester').waitFor();
    await panel.getByRole('list', { name: 'Their other tickets' }).getByRole('link', { name: new RegExp(`Second monitor flickers ${tag}`) }).waitFor();
    await panel.getByRole('list', { name: 'Their devices' }).getByText(`ROSA-LAPTOP-${tag}`).waitFor();
    expect(await panel.getByRole('link', { name: new RegExp(`Docking station dead ${tag}`) }).count()).toBe(0);
    await shootBothThemes(page, 'ticket-side');
    expect(errors).toEqual([]);
  }, 180_000);

  it('two agents on the same ticket see each other in "Also viewing", and the other leaving', async () => {
    const t = await ticket(`Shared mailbox missing ${randomUUID().slice(0, 6)}`);
    const ada = await agentInBrowser('Ada Viewer');
    const bea = await agentInBrowser('Bea Viewer');
    await openTicket(ada.page, t.number);
    await ada.page.getByTestId('presence').getByText('Only you have this ticket open.').waitFor();
    await openTicket(bea.page, t.number);
    await ada.page.getByTestId('presence').getByText('Bea Viewer', { exact: true }).waitFor();
    await bea.page.getByTestId('presence').getByText('Ada Viewer', { exact: true }).waitFor();
    expect(await bea.page.getByTestId('presence').getByText(/Bea Viewer/).count()).toBe(0);
    await shootBothThemes(ada.page, 'ticket-presence');
    await bea.page.goto(`${ts.url}/queue`);
    await ada.page.getByTestId('presence').getByText('Only you have this ticket open.').waitFor();
    expect([...ada.errors, ...bea.errors]).toEqual([]);
  }, 180_000);

  it('admin pages: users with roles and groups, groups with members, the role table, custom fields', async () => {
    const agent = await createUser(ts.admin, 'agent', { name: 'Gus Grouped' });
    const { page, errors } = await signedIn(ADMIN.email, ADMIN.password, 'Queue');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(`${ts.url}/admin/users`);
    const row = page.getByRole('row', { name: /Gus Grouped/ });
    await row.waitFor();
    await row.getByLabel('Role of Gus Grouped').selectOption('supervisor');
    await expect.poll(async () => (await ts.admin.get<{ role: string }>(`/api/users/${agent.user!.id}`)).body.role).toBe('supervisor');
    await shootBothThemes(page, 'admin-users');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Gus Grouped is deactivated').waitFor();
    expect((await ts.admin.get<{ active: boolean }>(`/api/users/${agent.user!.id}`)).body.active).toBe(false);
    await page.getByRole('row', { name: /Gus Grouped/ }).getByRole('button', { name: 'Reactivate' }).click();
    await page.getByText('Gus Grouped can sign in again').waitFor();

    const tabs = page.getByRole('navigation', { name: 'Admin pages' });
    await tabs.getByRole('link', { name: 'Groups' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Network team');
    await page.getByRole('button', { name: 'Create group' }).click();
    const groupRow = page.getByRole('row', { name: /Network team/ });
    await groupRow.waitFor();
    await groupRow.getByRole('button', { name: /Members/ }).click();
    await groupRow.getByRole('checkbox', { name: 'Gus Grouped' }).check();
    await groupRow.getByText('1 member').waitFor();
    await shootBothThemes(page, 'admin-groups');

    await tabs.getByRole('link', { name: 'Roles' }).click();
    const matrix = page.getByRole('table', { name: 'Permissions by role' });
    const manageUsers = matrix.getByRole('row', { name: /Manage users and roles/ });
    expect(await manageUsers.getByText('Allowed', { exact: true }).count()).toBe(1);
    expect(await matrix.getByRole('row', { name: /Read internal notes/ }).getByText('Allowed', { exact: true }).count()).toBe(3);
    await shootBothThemes(page, 'admin-roles');

    await tabs.getByRole('link', { name: 'Custom fields' }).click();
    await page.getByLabel('Key').fill('change_window');
    await page.getByLabel('Label').fill('Change window');
    await page.getByLabel('Type').selectOption('date');
    await page.getByLabel('Required').check();
    await page.getByRole('checkbox', { name: 'Change', exact: true }).check();
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByRole('row', { name: /Change window/ }).waitFor();
    const fields = (await ts.admin.get<{ items: { key: string; type: string; ticketTypes: string[]; required: boolean }[] }>('/api/custom-fields')).body.items;
    expect(fields.find((f) => f.key === 'change_window')).toMatchObject({ type: 'date', ticketTypes: ['change'], required: true });
    await shootBothThemes(page, 'admin-custom-fields');
    expect(errors).toEqual([]);
  }, 180_000);
});
