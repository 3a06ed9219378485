import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { enrollTestDevice, RawDeviceLink, type EnrolledDevice } from '../fixtures/device';
import { signIn } from '../fixtures/page-checks';
import { startTestServer, type TestServer } from '../fixtures/server';
import { collectPageErrors } from '../fixtures/page-errors';
import { inApp, pageErrors, until } from './remote-helpers';

const SHOTS = resolve(import.meta.dirname, '../../screenshots');
const CONSENT_MS = 12_000;
const HEADLESS = { diagnostics: { available: true }, shell: { available: true }, screen: { available: false, reason: 'No display.' }, input: { available: false, reason: 'No display.' } };

/**
 * The console's side of consent, against the real server and a device link answering by hand
 * (the device protocol as a device speaks it; no WebRTC needed here): the device list and page,
 * the request dialog capped by what the device can do, the wait with its countdown, a refusal with
 * the device's reason, a timeout (shortened by the server's test option), and the device's past
 * sessions.
 */
describe.skipIf(!chromiumAvailable)('remote session states in the console (Chromium, device link by hand)', () => {
  let ts: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ada: ApiClient;
  let device: EnrolledDevice;
  let link: RawDeviceLink;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite', { config: { remoteConsentTimeoutMs: CONSENT_MS } }), launchChromium()]);
    ada = await createUser(ts.admin, 'agent', { name: 'Ada Remote' });
    device = await enrollTestDevice(ts.admin, 'front-desk-pc');
    link = await RawDeviceLink.open(ts.url);
    link.send(link.proof(device.id, device.keys.privateKeyPem));
    await link.next('welcome');
    link.send({ type: 'capabilities', agent: 'raw-test/1', capabilities: HEADLESS });
    await until(async () => (await ts.admin.get(`/api/devices/${device.id}`)).body.capabilities !== null, 10_000, 'capabilities');

    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await collectPageErrors(page, errors);
    await page.goto(`${ts.url}/`);
    // A loaded machine (several suites at once) can take a while to serve and start the console.
    await signIn(page, ada.user!.email, 'user-password-123', { landing: 'Queue', timeout: 60_000 });
  }, 90_000);
  afterAll(async () => {
    link?.close();
    await context?.close();
    await browser?.close();
    await ts?.close();
  });

  const offersFor = () => link.frames.filter((f) => f.type === 'session_offer') as Array<{ type: 'session_offer'; sessionId: string; rights: string[] }>;

  it('devices page → device page → dialog offers only what the device can do; the wait counts down; a refusal shows the reason', async () => {
    await page.getByRole('link', { name: 'Devices' }).click();
    const row = page.getByRole('row', { name: /front-desk-pc/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('online');
    await row.getByRole('link', { name: 'front-desk-pc' }).click();
    await page.getByRole('heading', { name: 'front-desk-pc' }).waitFor();
    await page.getByText('No remote sessions on this device yet.').waitFor();
    await page.getByRole('button', { name: /Remote session on front-desk-pc/ }).click();
    const dialog = page.getByRole('dialog');
    // No display on this device: screen and control are offered disabled, with the device's reason.
    await expect.poll(() => dialog.getByRole('checkbox', { name: /See the screen/ }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: /Control mouse/ }).isDisabled()).toBe(true);
    expect(await dialog.getByText('The device cannot offer this: No display.').count()).toBe(2);
    expect(await dialog.getByRole('checkbox', { name: /Open a terminal/ }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: /Chat/ }).uncheck();
    await dialog.getByRole('button', { name: 'Ask for the session' }).click();

    await page.getByText('Waiting for the person at the computer to accept').waitFor();
    await until(() => offersFor().length === 1, 5000, 'the offer at the device');
    expect(offersFor()[0]!.rights).toEqual(['shell', 'diagnostics', 'files']);
    // The console counts the full 30 s (the server's shortened test timeout is not told to it).
    const countdown = page.locator('.remote-countdown');
    const seconds = async () => Number((await countdown.textContent())!.match(/\d+/)![0]);
    const first = await seconds();
    expect(first).toBeLessThanOrEqual(30);
    await expect.poll(seconds, { timeout: 3000 }).toBeLessThan(first);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/remote-session-waiting.png` });

    link.send({ type: 'session_answer', sessionId: offersFor()[0]!.sessionId, granted: [], refused: true, reason: 'Not now, I am presenting.' });
    await page.getByRole('heading', { name: 'The session was refused' }).waitFor();
    await page.getByText('Not now, I am presenting.').waitFor();
  }, 60_000);

  it('no answer: the session times out, says so, and Try again asks anew', async () => {
    await page.getByRole('button', { name: 'Try again' }).click();
    await until(() => offersFor().length === 2, 5000, 'a second offer');
    await page.getByText('Waiting for the person at the computer to accept').waitFor();
    await page.getByRole('heading', { name: 'Nobody answered in time' }).waitFor({ timeout: CONSENT_MS + 5000 });
    expect(page.url()).toContain(offersFor()[1]!.sessionId);
  }, 30_000);

  it('the device page lists both sessions with their outcome', async () => {
    await inApp(page, `/devices/${device.id}`);
    await page.getByRole('heading', { name: 'Remote sessions' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/remote-device-page.png` });
    const rows = page.locator('.device-page tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('No answer');
    expect(await rows.nth(1).textContent()).toContain('Refused');
    expect(await rows.nth(1).textContent()).toContain('Not now, I am presenting.');
    expect(pageErrors(errors)).toEqual([]);
  }, 30_000);
});
