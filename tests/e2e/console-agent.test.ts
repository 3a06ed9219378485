import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { signIn } from '../fixtures/page-checks';
import { startTestServer, type TestServer } from '../fixtures/server';
import { collectPageErrors } from '../fixtures/page-errors';

const SHOTS = resolve(import.meta.dirname, '../../screenshots');
const PASSWORD = 'user-password-123'; // what createUser sets

interface Agent {
  api: ApiClient;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * The agent console working on its local RxDB in Chromium against the real server: the queue,
 * the ticket page, live sync between two agents, and work done offline that converges.
 */
describe.skipIf(!chromiumAvailable)('agent console on the local database (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let groupId: string;
  const open: Agent[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
    const group = await ts.admin.post('/api/groups', { name: `Service desk ${Date.now()}`, description: 'First line' });
    expect(group.status).toBe(201);
    groupId = group.body.id;
  });
  afterAll(async () => {
    for (const a of open) await a.context.close();
    await browser?.close();
    await ts?.close();
  });

  /** A new agent in the group, signed in to the console in their own browser context. */
  async function agentInBrowser(name: string): Promise<Agent> {
    const api = await createUser(ts.admin, 'agent', { name, groupIds: [groupId] });
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    // Fail at the step that waits, well inside the test's own timeout.
    page.setDefaultTimeout(8_000);
    const errors = await collectPageErrors(page);
    await page.goto(`${ts.url}/`);
    await signIn(page, api.user!.email, PASSWORD, { landing: 'Queue' });
    const agent = { api, context, page, errors };
    open.push(agent);
    return agent;
  }

  async function ticket(subject: string, extra: Record<string, unknown> = {}): Promise<{ id: string; number: number }> {
    const res = await ts.admin.post('/api/tickets', { subject, description: `About: ${subject}`, groupId, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }

  const row = (page: Page, subject: string) => page.getByRole('row', { name: new RegExp(subject) });

  it('queue: rows from the local database with requester, views with counts, search with highlighting, j/k/Enter and r to reply', async () => {
    const tag = Date.now();
    const a = await ticket(`Printer jams on floor 3 ${tag}`, { priority: 'P1' });
    await ticket(`VPN drops every hour ${tag}`);
    await ticket(`New starter laptop ${tag}`, { priority: 'P4' });
    const ada = await agentInBrowser('Ada Queue');
    const { page } = ada;
    await row(page, `Printer jams on floor 3 ${tag}`).waitFor();
    const printer = await row(page, `Printer jams on floor 3 ${tag}`).textContent();
    expect(printer).toContain(`T-${a.number}`);
    expect(printer).toContain('P1');
    expect(printer).toContain('New');
    // Requester's name comes from the local users collection (the admin raised them).
    const me = await ts.admin.get('/api/auth/me');
    expect(printer).toContain(me.body.name);
    // Views count what is local: three unassigned tickets in Ada's group.
    expect(await page.getByRole('button', { name: /^Unassigned/ }).textContent()).toMatch(/3$/);
    expect(await page.getByRole('button', { name: /^My open/ }).textContent()).toMatch(/0$/);
    await page.screenshot({ path: `${SHOTS}/console-queue.png` });

    // Sort by number ascending: the printer ticket (made first) is on top.
    await page.getByRole('button', { name: 'Ticket', exact: true }).click();
    const firstRow = page.getByRole('row').nth(1);
    expect(await firstRow.textContent()).toContain(`Printer jams on floor 3 ${tag}`);

    // / searches; the match is highlighted and the other tickets go.
    await page.keyboard.press('/');
    await page.keyboard.type('vpn');
    await page.locator('mark', { hasText: 'VPN' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2); // header + one
    await page.screenshot({ path: `${SHOTS}/console-queue-search.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('row').nth(3).waitFor();

    // j moves down twice, k up once: the second row is active; Enter opens it.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const active = page.locator('[role=row][aria-current=true]');
    expect(await active.textContent()).toContain(`VPN drops every hour ${tag}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`VPN drops every hour ${tag}`) }).waitFor();

    // r starts a reply in the composer; Ctrl+Enter sends it; it shows and reaches the server.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('composer-body');
    await page.keyboard.type('Have you tried **turning it off** and on again?');
    await page.keyboard.press('Control+Enter');
    const reply = page.getByRole('listitem', { name: /Reply: Ada Queue/ });
    await reply.locator('strong', { hasText: 'turning it off' }).waitFor();
    await expect
      .poll(async () => {
        const vpn = (await ts.admin.get(`/api/tickets?limit=50`)).body.items.find((t: { subject: string }) => t.subject === `VPN drops every hour ${tag}`);
        const events = await ts.admin.get(`/api/tickets/${vpn.id}/events`);
        return events.body.items.filter((e: { kind: string }) => e.kind === 'reply').map((e: { body: string }) => e.body);
      }, { timeout: 10_000 })
      .toEqual(['Have you tried **turning it off** and on again?']);
    // Once the server has it, the reply is no longer marked as unsent.
    await reply.getByText('Not sent yet').waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS}/console-ticket.png`, fullPage: true });

    // The preview renders Markdown and drops what could run: no handlers, no javascript: links.
    await page.keyboard.press('n');
    await page.keyboard.type('<img src=x onerror="window.pwned=1"> [click](javascript:window.pwned=2) _fine_');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.locator('.composer-preview');
    await preview.locator('em', { hasText: 'fine' }).waitFor();
    expect(await preview.innerHTML()).not.toMatch(/onerror|javascript:/);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(ada.errors).toEqual([]);
  });

  it('a change the server refuses is shown with the server’s reason and what to do, until dismissed', async () => {
    const t = await ticket(`Badge reader at the back door ${Date.now()}`);
    const ada = await agentInBrowser('Ada Refused');
    await ada.page.goto(`${ts.url}/queue/T-${t.number}`);
    await ada.page.getByRole('heading', { name: /Badge reader/ }).waitFor();
    // Tags are single words; the server is the one that says so.
    await ada.page.getByLabel('Tags').fill('door/back');
    await ada.page.getByLabel('Tags').press('Enter');
    const notice = ada.page.getByRole('alert').filter({ hasText: 'A change was not saved' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`T-${t.number}`);
    expect(await notice.textContent()).toContain('Tags are single words');
    expect(await notice.textContent()).toContain('make the change again');
    // The local copy goes back to what the server kept.
    await expect.poll(() => ada.page.getByLabel('Tags').inputValue()).toBe('');
    await ada.page.screenshot({ path: `${SHOTS}/console-refused.png`, fullPage: true });
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    expect((await ts.admin.get(`/api/tickets/${t.id}`)).body.tags).toEqual([]);
    expect(ada.errors).toEqual([]);
  });

  it('sign out keeps the local database for next time; sign out everywhere deletes it from the device', async () => {
    await ticket(`Docking station flickers ${Date.now()}`);
    const ada = await agentInBrowser('Ada Leaving');
    const mine = ada.api.user!.id.replace(/-/g, '');
    const localNames = () => ada.page.evaluate<string[]>("indexedDB.databases().then((ds) => ds.map((d) => d.name ?? ''))");
    await row(ada.page, 'Docking station flickers').waitFor();
    expect((await localNames()).some((n) => n.includes(mine))).toBe(true);

    await ada.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await ada.page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    expect((await localNames()).some((n) => n.includes(mine))).toBe(true);

    await signIn(ada.page, ada.api.user!.email, PASSWORD);
    await row(ada.page, 'Docking station flickers').waitFor();
    await ada.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await ada.page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    await expect.poll(async () => (await localNames()).filter((n) => n.includes(mine))).toEqual([]);
    expect(ada.errors).toEqual([]);
  });

  it('two agents see each other’s replies, notes and field changes live', async () => {
    const t = await ticket(`Shared drive is read-only ${Date.now()}`);
    const [ada, bo] = [await agentInBrowser('Ada Live'), await agentInBrowser('Bo Live')];
    for (const a of [ada, bo]) {
      await a.page.goto(`${ts.url}/queue/T-${t.number}`);
      await a.page.getByRole('heading', { name: /Shared drive is read-only/ }).waitFor();
    }
    // Ada replies; Bo sees it without reloading.
    await ada.page.keyboard.press('r');
    await ada.page.keyboard.type('Looking into it now.');
    await ada.page.getByRole('button', { name: 'Send reply' }).click();
    await bo.page.getByRole('listitem', { name: /Reply: Ada Live/ }).getByText('Looking into it now.').waitFor();
    // Bo writes an internal note; Ada sees it marked as a note.
    await bo.page.keyboard.press('n');
    await bo.page.keyboard.type('The share quota is full.');
    await bo.page.getByRole('button', { name: 'Add note' }).click();
    await ada.page.getByRole('listitem', { name: /Internal note: Bo Live/ }).getByText('The share quota is full.').waitFor();
    // Bo raises the priority and assigns Ada; Ada's page follows, with the change in the timeline.
    await bo.page.getByLabel('Priority').selectOption('P1');
    await bo.page.getByLabel('Assignee').selectOption({ label: 'Ada Live' });
    await expect.poll(() => ada.page.getByLabel('Priority').inputValue(), { timeout: 10_000 }).toBe('P1');
    await expect.poll(() => ada.page.getByLabel('Assignee').inputValue(), { timeout: 10_000 }).toBe(ada.api.user!.id);
    await ada.page.getByText(/Bo Live changed priority from P3 to P1/).waitFor();
    await ada.page.screenshot({ path: `${SHOTS}/console-ticket-live.png`, fullPage: true });
    const server = await ts.admin.get(`/api/tickets/${t.id}`);
    expect(server.body.priority).toBe('P1');
    expect(server.body.assigneeId).toBe(ada.api.user!.id);
    expect([...ada.errors, ...bo.errors]).toEqual([]);
  });

  it('an agent works offline (status and a reply), comes back, and both agents converge with the server', async () => {
    const t = await ticket(`Outlook keeps asking for the password ${Date.now()}`);
    const [ada, bo] = [await agentInBrowser('Ada Offline'), await agentInBrowser('Bo Online')];
    for (const a of [ada, bo]) {
      await a.page.goto(`${ts.url}/queue/T-${t.number}`);
      await a.page.getByRole('heading', { name: /Outlook keeps asking/ }).waitFor();
    }
    await ada.context.setOffline(true);
    await ada.page.getByLabel('Status', { exact: true }).selectOption('pending');
    // Letters typed in a focused select pick options, so shortcuts wait until focus leaves it.
    await ada.page.getByRole('heading', { level: 1 }).click();
    await ada.page.keyboard.press('r');
    await expect.poll(() => ada.page.evaluate<string | undefined>('document.activeElement?.id')).toBe('composer-body');
    await ada.page.keyboard.type('Written on the train: reset your token in the portal.');
    await ada.page.getByRole('button', { name: 'Send reply' }).click();
    await ada.page.getByText('Written on the train').waitFor();
    await ada.page.locator('.offline-banner').waitFor();
    expect(await ada.page.locator('.offline-banner').textContent()).toContain('You are offline');
    await ada.page.getByText(/changes? waiting to sync/).first().waitFor();
    await ada.page.screenshot({ path: `${SHOTS}/console-offline.png`, fullPage: true });

    // Meanwhile Bo, online, changes another field.
    await bo.page.getByLabel('Priority').selectOption('P2');
    await expect.poll(async () => (await ts.admin.get(`/api/tickets/${t.id}`)).body.priority).toBe('P2');
    // The server has none of Ada's work yet.
    expect((await ts.admin.get(`/api/tickets/${t.id}`)).body.status).toBe('new');

    await ada.context.setOffline(false);
    // Both fields win (different fields merge), and Ada's reply arrives everywhere.
    await expect.poll(async () => (await ts.admin.get(`/api/tickets/${t.id}`)).body, { timeout: 20_000 }).toMatchObject({ status: 'pending', priority: 'P2' });
    await expect.poll(() => ada.page.getByLabel('Priority').inputValue(), { timeout: 20_000 }).toBe('P2');
    await expect.poll(() => bo.page.getByLabel('Status', { exact: true }).inputValue(), { timeout: 20_000 }).toBe('pending');
    await bo.page.getByRole('listitem', { name: /Reply: Ada Offline/ }).getByText('Written on the train').waitFor({ timeout: 20_000 });
    await ada.page.locator('.offline-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => ada.page.getByText(/waiting to sync/).count(), { timeout: 20_000 }).toBe(0);
    const events = await ts.admin.get(`/api/tickets/${t.id}/events`);
    expect(events.body.items.filter((e: { kind: string }) => e.kind === 'reply').map((e: { body: string }) => e.body)).toEqual([
      'Written on the train: reset your token in the portal.',
    ]);
    expect([...ada.errors, ...bo.errors]).toEqual([]);
  }, 90_000);
});
