import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable } from '../fixtures/browser';
import { SHOTS, signIn } from '../fixtures/page-checks';
import { startRendererStage, type RendererStage } from '../fixtures/renderer-stage';
import type { TestServer } from '../fixtures/server';
import { TrayBridgeProcess } from '../fixtures/tray-bridge';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';
import { inApp, pageErrors, until } from './remote-helpers';

/** The server's consent timeout, shortened for the timed-out case (30 s in production). */
const CONSENT_MS = 25_000;
const secondsIn = (text: string | null, pattern: RegExp) => Number(pattern.exec(text ?? '')?.[1] ?? Number.NaN);

const seriousOrWorse = async (page: Page, include: string) =>
  (await new AxeBuilder({ page }).include(include).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/**
 * Consent at the device, end to end: the console in Chromium asks; the tray page (the built tray
 * renderer, in Chromium) shows the prompt through the tray bridge — the real device link and
 * session host over the same handler map Electron serves — and the person grants less than asked,
 * refuses, or does not answer. While a session runs the tray shows who is connected, takes control
 * back (View only) and ends it.
 */
describe.skipIf(!chromiumAvailable || !XVFB_PRESENT)('remote session consent: console ↔ tray page over the tray bridge (Chromium)', () => {
  let ts: TestServer;
  let browser: Browser;
  let xvfb: Xvfb;
  let site: RendererStage['site'];
  let stage: RendererStage;
  let bridge: TrayBridgeProcess;
  let stateDir: string;
  let deviceId: string;
  let ada: ApiClient;
  let consoleContext: BrowserContext;
  let trayContext: BrowserContext;
  let agentPage: Page;
  let tray: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [stage, xvfb] = await Promise.all([startRendererStage({ remoteConsentTimeoutMs: CONSENT_MS }), startXvfb()]);
    ({ ts, browser, site } = stage);
    ada = await createUser(ts.admin, 'agent', { name: 'Ada Remote' });
    const token = await ts.admin.post('/api/devices/enrollment-tokens', {});
    expect(token.status).toBe(201);
    stateDir = await mkdtemp(join(tmpdir(), 'tandem-tray-remote-'));
    const started = await TrayBridgeProcess.start(
      ['--server', ts.url, '--origin', site.origin, '--state-dir', stateDir, '--enroll', token.body.token, '--name', 'laptop-9', '--downloads', join(stateDir, 'Downloads')],
      { DISPLAY: xvfb.display },
    );
    bridge = started.bridge;
    deviceId = (await bridge.waitFor((e) => e.event === 'device', 30_000)).deviceId as string;
    await until(async () => Boolean((await ts.admin.get(`/api/devices/${deviceId}`)).body.capabilities), 20_000, 'the bridge device online');

    trayContext = await browser.newContext({ viewport: { width: 400, height: 640 } });
    tray = await trayContext.newPage();
    tray.setDefaultTimeout(15_000);
    tray.on('pageerror', (e) => errors.push(`tray: ${e.message}`));
    await tray.goto(`${site.origin}/tray/index.html?bridge=${encodeURIComponent(started.url)}`);
    await tray.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor({ timeout: 60_000 });

    consoleContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    agentPage = await consoleContext.newPage();
    agentPage.setDefaultTimeout(15_000);
    agentPage.on('pageerror', (e) => errors.push(`console: ${e.message} ${e.stack ?? ''}`.slice(0, 600)));
    await agentPage.goto(`${ts.url}/`);
    await signIn(agentPage, ada.user!.email, 'user-password-123', { landing: 'Queue', timeout: 60_000 });
  }, 150_000);

  afterAll(async () => {
    await consoleContext?.close();
    await trayContext?.close();
    await bridge?.stop();
    await stage?.close();
    await xvfb?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  /** From the device page: ask for all rights. */
  async function ask(): Promise<void> {
    // In the app, not a reload (a reload restarts the local database and its sync).
    await inApp(agentPage, `/devices/${deviceId}`);
    await agentPage.getByRole('button', { name: /Remote session on laptop-9/ }).click({ timeout: 45_000 });
    const dialog = agentPage.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('checkbox', { name: /^Control mouse/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Ask for the session' }).click();
    await agentPage.getByText('Waiting for the person at the computer to accept').waitFor();
  }

  it('granted with less than asked: the prompt names the agent, counts down, is accessible; the console gets only what was granted', async () => {
    await ask();
    const prompt = tray.getByRole('dialog', { name: 'Remote assistance request' });
    await prompt.waitFor({ timeout: 20_000 });
    expect(await prompt.textContent()).toContain(`Ada Remote (${ada.user!.email}) from IT asks to connect to this computer.`);
    await expect.poll(async () => (await prompt.textContent()) ?? '').toMatch(/Refused automatically in \d+ seconds/);
    // Focus is on the prompt itself, not on a button a stray Enter would press.
    expect(await tray.evaluate<string | undefined>('document.activeElement?.className')).toBe('consent-prompt');
    await tray.screenshot({ path: `${SHOTS}/tray-consent-prompt-light.png` });
    await tray.emulateMedia({ colorScheme: 'dark' });
    await tray.screenshot({ path: `${SHOTS}/tray-consent-prompt-dark.png` });
    await tray.emulateMedia({ colorScheme: 'light' });
    expect(await seriousOrWorse(tray, '.consent-prompt')).toEqual([]);

    await prompt.getByRole('switch', { name: /^Send and fetch files/ }).uncheck();
    await prompt.getByRole('button', { name: 'Accept' }).click();
    await agentPage.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    const tabs = agentPage.getByRole('tablist', { name: 'Session tools' });
    await expect.poll(() => tabs.getByRole('tab').allTextContents()).toEqual(['Screen', 'Shell', 'Diagnostics', 'Chat']);
    expect(await agentPage.getByRole('checkbox', { name: 'Control' }).isDisabled()).toBe(false);

    const bar = tray.getByRole('region', { name: /Ada Remote is connected to this computer/ });
    await bar.waitFor({ timeout: 20_000 });
    expect(await bar.textContent()).toContain('Control');
    expect(await seriousOrWorse(tray, '.session-bar')).toEqual([]);
    await tray.screenshot({ path: `${SHOTS}/tray-session-bar-light.png` });
    await tray.emulateMedia({ colorScheme: 'dark' });
    await tray.screenshot({ path: `${SHOTS}/tray-session-bar-dark.png` });
    await tray.emulateMedia({ colorScheme: 'light' });
  }, 150_000);

  it('chat both ways; View only in the tray takes control away in the console; End session in the tray ends it there too', async () => {
    const bar = tray.locator('.session-bar');
    await agentPage.getByRole('tab', { name: 'Chat' }).click();
    await agentPage.getByLabel('Message').fill('Hello, this is IT. May I look at Outlook?');
    await agentPage.getByRole('button', { name: 'Send', exact: true }).click();
    await bar.getByText('Hello, this is IT. May I look at Outlook?').waitFor({ timeout: 20_000 });
    await bar.getByLabel('Message').fill('Yes, go ahead');
    await bar.getByRole('button', { name: 'Send' }).click();
    await agentPage.locator('.remote-chat-lines li.theirs', { hasText: 'Yes, go ahead' }).waitFor({ timeout: 20_000 });
    await agentPage.getByRole('tab', { name: 'Screen' }).click();

    await bar.getByRole('button', { name: 'View only' }).click();
    await expect.poll(() => bar.getByRole('button', { name: 'View only' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => agentPage.getByRole('checkbox', { name: 'Control' }).isDisabled(), { timeout: 15_000 }).toBe(true);
    await agentPage.getByText('You have view only').waitFor();

    await bar.getByRole('button', { name: 'End session' }).click();
    await agentPage.getByRole('heading', { name: 'The session has ended' }).waitFor({ timeout: 20_000 });
    await agentPage.getByText('The person at the computer ended it.').waitFor();
    await bar.waitFor({ state: 'detached', timeout: 20_000 });
  }, 90_000);

  it('refused: the console says so with the reason', async () => {
    await ask();
    const prompt = tray.getByRole('dialog', { name: 'Remote assistance request' });
    await prompt.waitFor({ timeout: 20_000 });
    await prompt.getByRole('button', { name: 'Refuse' }).click();
    await agentPage.getByRole('heading', { name: 'The session was refused' }).waitFor({ timeout: 20_000 });
    await agentPage.getByText(/refused/i).nth(1).waitFor();
    await prompt.waitFor({ state: 'detached' });
  }, 90_000);

  // Once skipped: run after the refused case it timed out waiting for this heading. The cause: at
  // the deadline the device's own timer aborted the tray's question, the tray's consent resolved
  // that as a refusal and the session host sent it — racing the server's own timeout (both fire at
  // the same instant), so "no answer" sometimes became "refused". The host now sends nothing for a
  // question that ran out or was withdrawn (src/device/remote/session-host.test.ts).
  it("no answer: both countdowns follow the server's 25 s, the prompt goes away and the console says it timed out", async () => {
    await ask();
    const prompt = tray.getByRole('dialog', { name: 'Remote assistance request' });
    await prompt.waitFor({ timeout: 20_000 });
    // The server is set to 25 s: neither side counts down from 30.
    const trayLeft = secondsIn(await prompt.textContent(), /Refused automatically in (\d+) seconds?/);
    expect(trayLeft).toBeGreaterThan(5);
    expect(trayLeft).toBeLessThanOrEqual(25);
    expect(await prompt.locator('progress').getAttribute('max')).toBe('25');
    const consoleLeft = secondsIn(await agentPage.locator('.remote-countdown').textContent(), /(\d+) seconds? left/);
    expect(consoleLeft).toBeGreaterThan(5);
    expect(consoleLeft).toBeLessThanOrEqual(25);
    expect(await agentPage.locator('.remote-waiting progress').getAttribute('max')).toBe('25');

    await agentPage.getByRole('heading', { name: 'Nobody answered in time' }).waitFor({ timeout: CONSENT_MS + 20_000 });
    await agentPage.getByText('No one answered at the device within 25 seconds.').waitFor();
    await prompt.waitFor({ state: 'detached', timeout: 20_000 });
    const sessions = (await ada.get(`/api/remote-sessions?deviceId=${deviceId}`)).body.items as Array<{ id: string; status: string }>;
    expect(sessions.map((s) => s.status)).toEqual(['timed_out', 'refused', 'ended']);
    // The device sent no answer of its own: the record ends with the server's timeout.
    const record = (await ada.get(`/api/remote-sessions/${sessions[0]!.id}/events`)).body.items as Array<{ kind: string; source: string }>;
    expect(record.map((e) => `${e.kind}/${e.source}`)).toEqual(['requested/agent', 'timed_out/server']);
    expect(pageErrors(errors)).toEqual([]);
  }, 90_000);

  it('the device page lists sessions 25 at a time with Load more, and shows a session’s record under its row', async () => {
    // 26 more sessions, quickly: the first is asked at the device, the others are refused at once
    // (one question at a time); then the first is ended.
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) {
      const res = await ada.post('/api/remote-sessions', { deviceId, rights: ['chat'] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id as string);
    }
    await until(async () => ((await ada.get(`/api/remote-sessions?deviceId=${deviceId}&limit=200`)).body.items as Array<{ status: string }>).filter((s) => s.status === 'refused').length >= 26, 20_000, 'the extra sessions refused');
    expect((await ada.post(`/api/remote-sessions/${ids[0]}/end`, {})).status).toBe(200);

    await inApp(agentPage, `/devices/${deviceId}`);
    const table = agentPage.locator('.device-sessions table').first();
    const rows = table.locator(':scope > tbody > tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(25);
    await agentPage.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(29);
    await agentPage.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    // The oldest is the first session of this file (granted, then ended at the tray).
    expect(await rows.last().textContent()).toContain('Ended');

    const oldest = rows.last();
    await oldest.getByRole('button', { name: /^Record of the session requested/ }).click();
    const record = agentPage.getByRole('table', { name: /^Record of the session requested/ });
    await record.waitFor();
    const kinds = await record.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(kinds[0]).toBe('Requested');
    expect(kinds).toContain('Granted');
    // The device's last lines (shell closed…) may land just after the end.
    expect(kinds).toContain('Ended');
    expect(await record.textContent()).toMatch(/Rights: view, control, shell/);
    expect(await seriousOrWorse(agentPage, '.device-sessions')).toEqual([]);
    await agentPage.screenshot({ path: `${SHOTS}/device-page-record-light.png`, fullPage: true });
    await agentPage.emulateMedia({ colorScheme: 'dark' });
    await agentPage.screenshot({ path: `${SHOTS}/device-page-record-dark.png`, fullPage: true });
    await agentPage.emulateMedia({ colorScheme: 'light' });
    await agentPage.getByRole('button', { name: /^Hide record/ }).click();
    await record.waitFor({ state: 'detached' });
    expect(pageErrors(errors)).toEqual([]);
  }, 90_000);
});
