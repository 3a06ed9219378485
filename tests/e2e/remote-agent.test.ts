import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentProcess } from '../fixtures/agent-process';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { signIn } from '../fixtures/page-checks';
import { startTestServer, type TestServer } from '../fixtures/server';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';
import { collectPageErrors } from '../fixtures/page-errors';
import { inApp, onlineWithScreen, pageErrors, pointerAt, rgbOf, terminalText, until, videoPixel, videoPoint } from './remote-helpers';

const SHOTS = resolve(import.meta.dirname, '../../screenshots');
const PASSWORD = 'user-password-123'; // what createUser sets
const ROOT_COLOUR = '#2e86c1';
const SCREEN = { width: 1280, height: 800 };

/**
 * Remote assistance end to end: the console in Chromium, the real server, and the headless agent
 * as a real process under its own Xvfb, on a device group whose policy allows unattended sessions.
 * Shell output reaches xterm.js, the screen reaches the video, a click lands where asked, a file
 * arrives intact, diagnostics answer, a session without control cannot steer, and the record
 * lands on the ticket as an internal note.
 */
describe.skipIf(!chromiumAvailable || !XVFB_PRESENT)('remote session: console in Chromium ↔ headless agent under Xvfb', () => {
  let ts: TestServer;
  let browser: Browser;
  let xvfb: Xvfb;
  let agent: AgentProcess;
  AgentProcess.reportOnFailure(() => agent);
  let home: string;
  let context: BrowserContext;
  let page: Page;
  let ada: ApiClient;
  let ticket: { id: string; number: number };
  let deviceId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser, xvfb] = await Promise.all([startTestServer('pglite'), launchChromium(), startXvfb(`${SCREEN.width}x${SCREEN.height}x24`)]);
    await xvfb.x('xsetroot', ['-solid', ROOT_COLOUR]);
    const group = await ts.admin.post('/api/groups', { name: `Kiosks ${Date.now()}`, description: 'Unattended' });
    expect(group.status).toBe(201);
    const policy = await ts.admin.request('PUT', `/api/groups/${group.body.id}/remote-policy`, { allowedRights: ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'], unattended: true });
    expect(policy.status).toBe(200);
    const requester = await createUser(ts.admin, 'end_user', { name: 'Rita Requester' });
    ada = await createUser(ts.admin, 'agent', { name: 'Ada Remote', groupIds: [group.body.id] });
    const made = await ts.admin.post('/api/tickets', { subject: 'Kiosk screen frozen', description: 'The lobby kiosk stopped.', groupId: group.body.id, requesterId: requester.user!.id });
    expect(made.status).toBe(201);
    ticket = made.body;

    const token = await ts.admin.post('/api/devices/enrollment-tokens', { groupId: group.body.id, ownerId: requester.user!.id });
    expect(token.status).toBe(201);
    home = await mkdtemp(join(tmpdir(), 'tandem-remote-home-'));
    agent = AgentProcess.start(['--server', ts.url, '--enroll', token.body.token, '--config', join(home, 'agent.json'), '--name', 'kiosk-7', '--log-level', 'info', '--downloads', join(home, 'Downloads')], { DISPLAY: xvfb.display, HOME: home });
    deviceId = await onlineWithScreen(ts.admin, 'kiosk-7', agent);

    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await collectPageErrors(page, errors);
    await page.goto(`${ts.url}/`);
    // A loaded machine (several suites at once) can take a while to serve and start the console.
    await signIn(page, ada.user!.email, PASSWORD, { landing: 'Queue', timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    // Not a failure of these cases, but worth seeing in CI's output: faults the agent lived through.
    if (agent?.troubles().length) console.error(`agent reported:\n${agent.troubles().join('\n')}`);
    await context?.close();
    await browser?.close();
    await agent?.stop();
    await ts?.close();
    await xvfb?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('asks from the ticket page: the dialog offers the rights, the session starts unattended and connects', async () => {
    await page.goto(`${ts.url}/queue/T-${ticket.number}`);
    await page.getByRole('button', { name: /Remote session on kiosk-7/ }).click();
    const dialog = page.getByRole('dialog', { name: /Ask for a remote session on kiosk-7/ });
    await dialog.waitFor();
    for (const name of ['See the screen', 'Control mouse and keyboard', 'Open a terminal', 'Read diagnostics', 'Send and fetch files', 'Chat']) {
      await expect.poll(() => dialog.getByRole('checkbox', { name: new RegExp(`^${name}`) }).isChecked()).toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}/remote-request-dialog-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/remote-request-dialog-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Ask for the session' }).click();
    await page.waitForURL(/\/remote\//);
    await page.getByRole('heading', { name: /Remote session · kiosk-7/ }).waitFor();
    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText(/unattended policy/).waitFor();
  }, 90_000);

  it('screen frames show the Xvfb screen (xsetroot colour)', async () => {
    let pixel: Awaited<ReturnType<typeof videoPixel>> = null;
    await until(async () => Boolean((pixel = await videoPixel(page, 0.5, 0.5))), 20_000, 'video frames');
    const want = rgbOf(ROOT_COLOUR);
    await until(
      async () => {
        pixel = await videoPixel(page, 0.5, 0.5);
        return Boolean(pixel && pixel.rgb.every((c, i) => Math.abs(c - want[i]!) <= 24));
      },
      20_000,
      `the video shows ${ROOT_COLOUR}`,
    );
    expect(pixel!.w / pixel!.h).toBeCloseTo(SCREEN.width / SCREEN.height, 1);
    await page.screenshot({ path: `${SHOTS}/remote-session-screen-light.png` });
  }, 60_000);

  it('a control click in the video moves the Xvfb pointer to the same place', async () => {
    const target = await videoPoint(page, 0.25, 0.75);
    await page.mouse.click(target.x, target.y);
    const want = { x: 0.25 * SCREEN.width, y: 0.75 * SCREEN.height };
    let at = { x: -1, y: -1 };
    await until(
      async () => {
        at = await pointerAt(xvfb.display);
        return Math.abs(at.x - want.x) <= 4 && Math.abs(at.y - want.y) <= 4;
      },
      15_000,
      `pointer at ${JSON.stringify(want)} (last seen ${JSON.stringify(at)})`,
    );
  }, 60_000);

  it('a shell command’s output appears in xterm.js; a second tab is its own shell', async () => {
    await page.getByRole('tab', { name: 'Shell' }).click();
    await page.locator('.remote-shell-panel:not([hidden]) .xterm').click();
    await page.keyboard.type('echo tandem-$((40+2))\n');
    await until(async () => (await terminalText(page)).includes('tandem-42'), 15_000, 'shell output in xterm');
    // Every row, the prompt's last one too, is inside the terminal's frame (none hangs out below).
    const [screen, frame] = await Promise.all(['.xterm-screen', '.remote-terminal'].map((css) => page.locator(`.remote-shell-panel:not([hidden]) ${css}`).boundingBox()));
    expect(screen!.y + screen!.height).toBeLessThanOrEqual(frame!.y + frame!.height);
    await page.screenshot({ path: `${SHOTS}/remote-session-shell-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/remote-session-shell-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    const axe = await new AxeBuilder({ page }).exclude('.xterm').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(', ')}`)).toEqual([]);

    await page.getByRole('button', { name: /New terminal/ }).click();
    await page.getByRole('tab', { name: 'Terminal 2' }).waitFor();
    await page.locator('.remote-shell-panel:not([hidden]) .xterm').click();
    await page.keyboard.type('echo second-$((6*7))\n');
    await until(async () => (await terminalText(page)).includes('second-42'), 15_000, 'output in the second tab');
    expect(await terminalText(page)).not.toContain('tandem-42');
  }, 60_000);

  it('diagnostics answer: a snapshot, disks, the process list', async () => {
    await page.getByRole('tab', { name: 'Diagnostics' }).click();
    const answer = page.locator('.remote-diag-answer');
    // The snapshot always answers (a section too slow on a loaded machine says so inside it).
    await page.getByRole('button', { name: 'System' }).click();
    await answer.locator('dt', { hasText: 'takenAt' }).waitFor({ timeout: 45_000 });
    // Disks and processes answer with a table, or with the device's sentence when listing them took
    // longer than its limit (several suites at once on two cores do that).
    const tableOrSlow = async (button: string, column: string) => {
      await page.getByRole('button', { name: button }).click();
      await until(
        async () => (await answer.locator('th', { hasText: column }).count()) > 0 || /took longer than/.test((await answer.textContent()) ?? ''),
        45_000,
        `the ${button} answer`,
      );
      return (await answer.locator('th', { hasText: column }).count()) > 0;
    };
    if (await tableOrSlow('Disks', 'mount')) expect(await answer.locator('tbody tr').count()).toBeGreaterThan(0);
    if (await tableOrSlow('Processes', 'pid')) {
      expect(await answer.locator('tbody tr').count()).toBeGreaterThan(2);
      // Control was granted: processes can be ended from here.
      expect(await answer.getByRole('button', { name: /^End process/ }).first().isEnabled()).toBe(true);
    }
  }, 180_000);

  it('a file sent from the console arrives with the same SHA-256', async () => {
    await page.getByRole('tab', { name: 'Files' }).click();
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
    await page.getByLabel('Choose a file').setInputFiles({ name: 'kiosk-fix.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const done = page.locator('.remote-transfer[data-state=done]', { hasText: 'kiosk-fix.bin' });
    await done.waitFor({ timeout: 30_000 });
    const saved = (await done.locator('.hint', { hasText: 'Saved at' }).textContent())!.replace(/^Saved at /, '');
    expect(saved.startsWith(home)).toBe(true);
    const arrived = await readFile(saved);
    expect(createHash('sha256').update(arrived).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));

    // And back: list the downloads folder on the device, fetch the file, save it from the Blob URL.
    await page.getByLabel('Folder on the device').fill(join(home, 'Downloads'));
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.getByRole('button', { name: 'Fetch kiosk-fix.bin' }).click();
    const fetched = page.locator('.remote-transfer[data-state=done]', { hasText: '↓ kiosk-fix.bin' });
    await fetched.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), fetched.getByRole('link', { name: 'Save' }).click()]);
    const saved2 = await readFile((await download.path())!);
    expect(createHash('sha256').update(saved2).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  }, 90_000);

  it('ending the session: the view says so, and the record lands on the ticket as an internal note', async () => {
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('heading', { name: 'The session has ended' }).waitFor();
    await page.getByText('You ended it.').waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    let note: { body: string | null } | undefined;
    await until(
      async () => {
        const events = await ada.get(`/api/tickets/T-${ticket.number}/events`);
        note = (events.body.items ?? events.body).find((e: { kind: string; body: string | null }) => e.kind === 'note' && e.body?.includes('tandem-42'));
        return Boolean(note);
      },
      20_000,
      'the session note on the ticket',
    );
    expect(note!.body).toContain('kiosk-fix.bin');
    // The console shows it on the ticket page (it syncs like any note); followed by the session
    // view's link, in the app (a reload would restart the local database and its sync).
    await page.getByRole('link', { name: /Kiosk screen frozen/ }).click();
    await page.getByText(/tandem-42/).first().waitFor({ timeout: 60_000 });
  }, 120_000);

  it('a session without the control right cannot move the pointer', async () => {
    const res = await ada.post('/api/remote-sessions', { deviceId, ticketId: ticket.id, rights: ['view', 'shell'] });
    expect(res.status).toBe(201);
    await inApp(page, `/remote/${res.body.id}`);
    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    await until(async () => Boolean(await videoPixel(page, 0.5, 0.5)), 20_000, 'video frames');
    const control = page.getByRole('checkbox', { name: 'Control' });
    expect(await control.isDisabled()).toBe(true);
    await page.getByText('You have view only').waitFor();
    const before = await pointerAt(xvfb.display);
    const target = await videoPoint(page, 0.8, 0.2);
    await page.mouse.click(target.x, target.y);
    await page.keyboard.type('x');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await pointerAt(xvfb.display)).toEqual(before);
    // Esc twice ends the session from the keyboard (one Esc alone would be the remote computer's).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'The session has ended' }).waitFor();
    expect(pageErrors(errors)).toEqual([]);
  }, 90_000);
});
