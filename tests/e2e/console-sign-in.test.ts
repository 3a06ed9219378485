import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/server/auth/totp';
import { createUser, type ApiClient } from '../fixtures/api';
import { chromiumAvailable, launchChromium } from '../fixtures/browser';
import { expectAccessible, SHOTS } from '../fixtures/page-checks';
import { collectPageErrors } from '../fixtures/page-errors';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';

const USER_PASSWORD = 'user-password-123'; // what createUser sets

describe.skipIf(!chromiumAvailable)('console sign-in in Chromium (served by the real server)', () => {
  let ts: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite'), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await ts?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    consoleErrors.length = 0;
    // A refused sign-in is logged by Chromium as a failed resource load; that is the test's point.
    await collectPageErrors(page, consoleErrors, { consoleErrors: true, ignoreConsole: /Failed to load resource/ });
  });
  afterEach(async () => {
    await context.close();
    // CSP violations and script errors show up here.
    expect(consoleErrors).toEqual([]);
  });

  const signIn = async (email: string, password: string) => {
    await page.goto(`${ts.url}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('the admin signs in by typing, and sees the frame with navigation and their name', async () => {
    await page.goto(`${ts.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/sign-in.png` });

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Queue', 'Knowledge base', 'Devices', 'Macros', 'Reports', 'Admin']);
    const me = await ts.admin.get('/api/auth/me');
    expect(await page.getByRole('banner').textContent()).toContain(me.body.name);
    expect(await page.getByRole('banner').textContent()).toContain('Admin');
    // The admin lands on the queue; the server's tickets appear in it.
    await page.waitForURL(`${ts.url}/queue`);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/frame.png` });
  });

  it('the queue lists tickets synced to the local database', async () => {
    const subject = `Printer on floor 3 jams ${Date.now()}`;
    const created = await ts.admin.post('/api/tickets', { subject, description: 'Every second page.', priority: 'P2' });
    expect(created.status).toBe(201);
    await signIn(ADMIN.email, ADMIN.password);
    const row = page.getByRole('row', { name: new RegExp(subject) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`T-${created.body.number}`);
    expect(await row.textContent()).toContain('P2');
    await page.screenshot({ path: `${SHOTS}/queue.png` });
  });

  it('Admin → Users lists the accounts from GET /api/users', async () => {
    const agent = await createUser(ts.admin, 'agent', { name: 'Ada Listed' });
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(`${ts.url}/admin/users`);
    const row = page.getByRole('row', { name: /Ada Listed/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(agent.user!.email);
    expect(await row.textContent()).toContain('Agent');
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/users.png` });
  });

  it('a wrong password shows the server’s message inline and stays on the sign-in page', async () => {
    await signIn(ADMIN.email, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.getByText('The email or password is wrong.').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/sign-in-error.png` });
  });

  it('an end user is told the console is for agents, never sees the frame, and can sign out', async () => {
    const endUser = await createUser(ts.admin, 'end_user');
    await signIn(endUser.user!.email, USER_PASSWORD);
    await page.getByRole('heading', { name: 'The console is for agents' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/agents-only.png` });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  });

  it('an agent does not see Admin or Reports in the navigation', async () => {
    const agent = await createUser(ts.admin, 'agent');
    await signIn(agent.user!.email, USER_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Queue', 'Knowledge base', 'Devices', 'Macros']);
  });

  /** An agent with two-factor on, enrolled through the API; returns the secret. */
  async function agentWithTotp(): Promise<{ agent: ApiClient; secret: string }> {
    const agent = await createUser(ts.admin, 'agent');
    const enrol = await agent.post('/api/auth/totp/enroll');
    expect(enrol.status).toBe(200);
    const verify = await agent.post('/api/auth/totp/verify', { code: totpCode(enrol.body.secret, new Date()) });
    expect(verify.status).toBe(200);
    return { agent, secret: enrol.body.secret };
  }

  it('two-factor: after the password the UI asks for the code, and the right code signs in', async () => {
    const { agent, secret } = await agentWithTotp();
    await signIn(agent.user!.email, USER_PASSWORD);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/totp-step.png` });

    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').getByText('The authenticator code is wrong or was already used.').waitFor();

    // Enrolment used the current 30 s step; the next one is still inside the server's ±1 window.
    await page.getByLabel('Authentication code').fill(totpCode(secret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain(agent.user!.name);
  });

  it('two-factor: a recovery code signs in instead of the app code', async () => {
    const agent = await createUser(ts.admin, 'agent');
    const enrol = await agent.post('/api/auth/totp/enroll');
    const verify = await agent.post('/api/auth/totp/verify', { code: totpCode(enrol.body.secret, new Date()) });
    const recoveryCode: string = verify.body.recoveryCodes[0];
    await signIn(agent.user!.email, USER_PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('account page: turning on two-factor shows the secret, takes a code, and shows recovery codes once', async () => {
    const agent = await createUser(ts.admin, 'agent');
    await signIn(agent.user!.email, USER_PASSWORD);
    await page.getByRole('banner').getByRole('link', { name: /account settings/ }).click();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/account.png`, fullPage: true });

    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const secret = (await page.locator('dd.code').first().textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: `${SHOTS}/account-enrol.png`, fullPage: true });
    await page.getByLabel('Authentication code').fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Confirm code' }).click();
    const codes = page.getByRole('list', { name: 'Save your recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.screenshot({ path: `${SHOTS}/account-recovery-codes.png`, fullPage: true });
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await page.getByText('Two-factor sign-in is on.').waitFor();
    // The server agrees.
    expect((await agent.get('/api/auth/me')).body.totpEnabled).toBe(true);
  });

  it('a reload keeps the session (refresh token in storage), and sign out ends it', async () => {
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
  });

  it('the dark theme (prefers-color-scheme) keeps contrast: no serious axe violations', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    const background = await page.locator('html').evaluate((html) => html.ownerDocument.defaultView!.getComputedStyle(html).backgroundColor);
    expect(background).toBe('rgb(20, 24, 29)'); // the dark theme's --bg, #14181d
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/frame-dark.png` });
  });

  it('an invited user sets a password from the invitation link and lands in the console', async () => {
    const email = `invited-${Date.now()}@tandem.test`;
    const created = await ts.admin.post('/api/users', { email, name: 'Ivy Invited', role: 'agent' });
    expect(created.status).toBe(201);
    const link = new URL(created.body.invitationUrl);
    await page.goto(`${ts.url}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('a-long-new-password');
    await page.getByLabel('Repeat the new password').fill('a-long-new-password-typo');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('alert').getByText('The two passwords are not the same.').waitFor();
    await page.getByLabel('Repeat the new password').fill('a-long-new-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Ivy Invited');
    expect((await ts.anon.post('/api/auth/login', { email, password: 'a-long-new-password' })).status).toBe(200);
  });
});

describe.skipIf(!chromiumAvailable)('first-run setup page in Chromium', () => {
  let ts: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [ts, browser] = await Promise.all([startTestServer('pglite', { withAdmin: false }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await ts?.close();
  });

  it('creates the first admin with the one-time token, then says setup is done', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const token = ts.server.setupToken!;
    expect(token).toBeTruthy();
    await page.goto(`${ts.url}/setup?token=${token}`);
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/setup.png` });
    await page.getByLabel('Your name').fill('Grace Firstadmin');
    await page.getByLabel('Email').fill('grace@tandem.test');
    await page.getByLabel('New password', { exact: true }).fill('grace-password-123');
    await page.getByLabel('Repeat the new password').fill('grace-password-123');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Grace Firstadmin');
    expect((await ts.anon.get('/api/setup')).body).toEqual({ needsSetup: false });

    await page.goto(`${ts.url}/setup?token=${token}`);
    await page.getByText('This server already has an admin.').waitFor();
    await context.close();
  });
});
