import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../src/renderer/console/shortcuts';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { expectAccessible, SHOTS, shootBothThemes, signIn } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { startTestServer, type TestServer } from '../fixtures/server';
import { latest, pullAll } from '../fixtures/sync';

const PASSWORD = 'user-password-123'; // what createUser sets
// A 2×2 PNG (red, green / blue, white).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

/**
 * The console's working tools in Chromium against the real server: bulk assign from the queue,
 * a custom view saved and kept on the server, a macro written and applied with the keyboard, the
 * command palette and the help sheet, composer drafts and attachments.
 */
describe.skipIf(!chromiumAvailable)('queue and composer tools (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let groupId: string;
  let ada: { api: ApiClient; context: BrowserContext; page: Page; errors: string[] };
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
    const group = await ts.admin.post('/api/groups', { name: `Tools desk ${tag}`, description: 'First line' });
    groupId = group.body.id;
    const api = await createUser(ts.admin, 'agent', { name: 'Ada Tools', groupIds: [groupId] });
    const requester = await createUser(ts.admin, 'end_user', { name: 'Rita Requester' });
    for (const [subject, priority, tags] of [
      [`Printer jams ${tag}`, 'P3', ['printer']],
      [`Printer offline ${tag}`, 'P1', ['printer']],
      [`VPN drops ${tag}`, 'P1', ['vpn']],
      [`Laptop fan ${tag}`, 'P4', []],
    ] as const) {
      const res = await ts.admin.post('/api/tickets', { subject, description: `About ${subject}`, groupId, priority, tags, requesterId: requester.user!.id });
      expect(res.status).toBe(201);
    }
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const errors: string[] = [];
    await collectPageErrors(page, errors);
    await page.goto(`${ts.url}/`);
    await signIn(page, api.user!.email, PASSWORD, { landing: 'Queue' });
    ada = { api, context, page, errors };
  }, 90_000);
  afterAll(async () => {
    await ada?.context.close();
    await browser?.close();
    await ts?.close();
  });

  const row = (subject: string) => ada.page.getByRole('row', { name: new RegExp(subject) });
  const ticketOnServer = async (subject: string) =>
    ((await ts.admin.get(`/api/tickets?q=${encodeURIComponent(subject)}`)).body.items as Array<{ id: string; subject: string; assigneeId: string | null; status: string; tags: string[] }>).find((t) => t.subject === subject)!;

  it('bulk: x ticks the current row, shift-click ticks a range, then all are assigned to me and synced', async () => {
    const { page } = ada;
    await row(`Printer jams ${tag}`).waitFor();
    await page.getByRole('grid').focus();
    // Sorted by last update: the Laptop ticket (made last) is first.
    await page.keyboard.press('x');
    await row(`Laptop fan ${tag}`).getByRole('checkbox').waitFor();
    expect(await row(`Laptop fan ${tag}`).getAttribute('aria-selected')).toBe('true');
    await row(`VPN drops ${tag}`).getByRole('checkbox').click();
    await row(`Printer jams ${tag}`).getByRole('checkbox').click({ modifiers: ['Shift'] });
    const toolbar = page.getByRole('toolbar', { name: 'Change the selected tickets' });
    expect(await toolbar.getByText('4 tickets selected').count()).toBe(1);
    await shootBothThemes(page, 'console-queue-bulk');
    await expectAccessible(page);
    await toolbar.getByLabel('Assign').selectOption({ label: 'Me' });
    await toolbar.getByText(/4 tickets changed/).waitFor();
    for (const subject of [`Printer jams ${tag}`, `Printer offline ${tag}`, `VPN drops ${tag}`, `Laptop fan ${tag}`]) {
      await expect.poll(async () => (await ticketOnServer(subject)).assigneeId, { timeout: 10_000 }).toBe(ada.api.user!.id);
    }
    await toolbar.getByLabel('Tag').fill('bulk-done');
    await toolbar.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(async () => (await ticketOnServer(`VPN drops ${tag}`)).tags, { timeout: 10_000 }).toContain('bulk-done');
    await page.keyboard.press('Escape');
    await toolbar.waitFor({ state: 'detached' });
    expect(ada.errors).toEqual([]);
  });

  it('filters live in the URL, and the queue saved as a personal view is kept on the server with its count', async () => {
    const { page } = ada;
    await page.getByRole('heading', { name: 'Queue' }).click();
    await page.keyboard.press('/');
    await page.keyboard.type('vpn');
    await expect.poll(() => page.url()).toContain('q=vpn');
    await page.locator('mark', { hasText: 'VPN' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).not.toContain('q=');
    await page.getByLabel('Priority', { exact: true }).first().selectOption('P1');
    await page.getByLabel('Tags').fill('printer');
    await page.getByLabel('Tags').press('Enter');
    await expect.poll(() => page.url()).toContain('tags=printer');
    expect(page.url()).toContain('priority=P1');
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + Printer offline
    await page.getByRole('button', { name: 'Save as view…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the queue as a view' });
    await dialog.getByLabel('Name').fill('Urgent printers');
    await dialog.getByRole('checkbox', { name: 'Tags' }).check();
    expect(await dialog.getByRole('checkbox', { name: 'Share with every agent' }).isDisabled()).toBe(true); // agents keep personal views
    await expectAccessible(page);
    await shootBothThemes(page, 'console-save-view');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    const tab = page.getByRole('button', { name: /^Urgent printers/ });
    await expect.poll(() => tab.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => tab.textContent()).toMatch(/1$/);
    expect(page.url()).toContain('view=custom%3A');
    await page.getByRole('columnheader', { name: 'Tags' }).waitFor();
    // Kept on the server, so it follows Ada to any device.
    await expect
      .poll(async () => [...latest((await pullAll(ada.api, 'reference')).documents).values()].some((d) => (d.data as { name?: string } | undefined)?.name === 'Urgent printers'), { timeout: 10_000 })
      .toBe(true);
    // A reload lands on the same view from the URL.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: /^Urgent printers/ }).getAttribute('aria-pressed')).toBe('true');
    await row(`Printer offline ${tag}`).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    await page.getByRole('button', { name: /^All tickets/ }).click();
  });

  it('help sheet (?) lists every shortcut of the table; the command palette (Ctrl+K) runs a view with the keyboard; axe with the palette open', async () => {
    const { page } = ada;
    await page.getByRole('heading', { name: 'Queue' }).click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const s of SHORTCUTS) expect(await help.getByText(s.label, { exact: true }).count(), s.id).toBe(1);
    await shootBothThemes(page, 'console-help-sheet');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await expectAccessible(page);
    await page.keyboard.type('unasgnd');
    expect(await palette.getByRole('option').first().textContent()).toContain('View: Unassigned');
    await shootBothThemes(page, 'console-palette');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('button', { name: /^Unassigned/ }).getAttribute('aria-pressed')).toBe('true');
    // A ticket number typed into the palette opens it.
    const vpn = await ticketOnServer(`VPN drops ${tag}`);
    const number = (await ts.admin.get(`/api/tickets/${vpn.id}`)).body.number as number;
    await page.keyboard.press('Control+k');
    await page.keyboard.type(`T-${number}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`VPN drops ${tag}`) }).waitFor();
    await page.keyboard.press('u');
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    // The theme command turns the dark rules on whatever the system says, and it is remembered.
    const light = await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('dark theme');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor')).not.toBe(light);
    expect(await page.evaluate<string | null>("localStorage.getItem('tandem.console.theme')")).toBe('dark');
    // Back to following the system, for the screenshots that follow.
    await page.evaluate("localStorage.removeItem('tandem.console.theme')");
    await page.reload();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    expect(await page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor')).toBe(light);
  });

  it('a personal macro made on the Macros page is applied with m: placeholders filled, fields set, reply sent', async () => {
    const { page } = ada;
    await page.getByRole('link', { name: 'Macros' }).click();
    await page.getByRole('heading', { name: 'Macros', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New macro' }).click();
    await page.getByLabel('Name').fill('Ask for logs');
    await page.getByLabel('Message').fill('Hello {{requester.first_name}}, please send the VPN logs for {{ticket.number}}. {{agent.name}}');
    await page.getByLabel('Set status').selectOption('pending');
    await page.getByLabel('Add tags').fill('logs-asked');
    await shootBothThemes(page, 'console-macro-editor');
    await page.getByRole('button', { name: 'Save macro' }).click();
    await page.getByText('Macro “Ask for logs” saved.').waitFor();
    await expectAccessible(page);
    await shootBothThemes(page, 'console-macros');

    const vpn = await ticketOnServer(`VPN drops ${tag}`);
    const number = (await ts.admin.get(`/api/tickets/${vpn.id}`)).body.number as number;
    await page.goto(`${ts.url}/queue/T-${number}`);
    await page.getByRole('heading', { name: new RegExp(`VPN drops ${tag}`) }).waitFor();
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('m');
    const picker = page.getByRole('dialog', { name: 'Macros' });
    await picker.waitFor();
    await page.keyboard.type('logs');
    await shootBothThemes(page, 'console-macro-picker');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    const body = page.locator('#composer-body');
    await expect.poll(() => body.inputValue()).toBe(`Hello Rita, please send the VPN logs for T-${number}. Ada Tools`);
    await expect.poll(async () => (await ticketOnServer(`VPN drops ${tag}`)).status, { timeout: 10_000 }).toBe('pending');
    expect((await ticketOnServer(`VPN drops ${tag}`)).tags).toContain('logs-asked');
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(async () => ((await ts.admin.get(`/api/tickets/${vpn.id}/events`)).body.items as Array<{ kind: string; body: string }>).some((e) => e.kind === 'reply' && e.body.startsWith('Hello Rita')), { timeout: 10_000 })
      .toBe(true);
  });

  it('composer: a draft survives a reload; an attached image is sent with the reply and previewed', async () => {
    const { page } = ada;
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('composer-body');
    await page.keyboard.type('Draft that must survive');
    await page.waitForTimeout(200);
    await page.reload();
    await expect.poll(() => page.locator('#composer-body').inputValue()).toBe('Draft that must survive');
    // An article from the local knowledge base goes in as a link.
    await ts.admin.post('/api/kb', { title: `Reset the VPN token ${tag}`, body: 'Open the token app and choose Reset.', visibility: 'public' });
    await page.getByRole('button', { name: 'Insert article' }).click();
    const kb = page.getByRole('dialog', { name: 'Insert article' });
    await page.keyboard.type('vpn token');
    await kb.getByRole('option', { name: new RegExp(`Reset the VPN token ${tag}`) }).waitFor({ timeout: 15_000 });
    await shootBothThemes(page, 'console-kb-picker');
    await page.keyboard.press('Enter');
    await kb.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('#composer-body').inputValue()).toMatch(new RegExp(`^Draft that must survive\\n\\n\\[Reset the VPN token ${tag}\\]\\(.+/knowledge/`));
    await page.locator('input[type=file]').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('list', { name: 'Attachments' }).getByText('screen.png').waitFor();
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('img', { name: 'screen.png' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#composer-body').inputValue()).toBe('');
    await page.getByRole('img', { name: 'screen.png' }).scrollIntoViewIfNeeded();
    await shootBothThemes(page, 'console-ticket-attachment');
    expect(ada.errors).toEqual([]);
  });

  it('bulk merge: two ticked tickets merge into the one kept, through the server', async () => {
    const { page } = ada;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
    await row(`Printer jams ${tag}`).getByRole('checkbox').click();
    await row(`Printer offline ${tag}`).getByRole('checkbox').click();
    await page.getByRole('toolbar', { name: 'Change the selected tickets' }).getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge tickets' });
    // The oldest is suggested as the one to keep.
    expect(await dialog.getByRole('radio', { name: new RegExp(`Printer jams ${tag}`) }).isChecked()).toBe(true);
    await shootBothThemes(page, 'console-bulk-merge');
    await dialog.getByRole('button', { name: /^Merge 1 into T-/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/^Merged into T-/).waitFor();
    await expect.poll(async () => (await ticketOnServer(`Printer offline ${tag}`)).status, { timeout: 10_000 }).toBe('closed');
    expect(ada.errors).toEqual([]);
  });
});
