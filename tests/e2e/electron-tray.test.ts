import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronSuite } from '../fixtures/electron';
import { DiagnosticsSnapshot } from '../../src/shared/domain/diagnostics';
import { signIn } from '../fixtures/page-checks';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';

const root = resolve(import.meta.dirname, '../..');

const suite = electronSuite('tray', 'the built tray app in Electron');
const binary = suite.binary;

describe.skipIf(suite.skip)(suite.title, () => {
  let ts: TestServer;
  let userData: string;
  beforeAll(async () => {
    ts = await startTestServer('pglite');
    userData = await mkdtemp(join(tmpdir(), 'tandem-tray-electron-'));
  });
  afterAll(async () => {
    await ts?.close();
    await rm(userData, { recursive: true, force: true });
  });

  const launch = (): Promise<ElectronApplication> =>
    electron.launch({
      executablePath: binary!,
      args: [resolve(root, 'out/main/tray.js'), '--no-sandbox', `--user-data-dir=${userData}`],
      env: { ...process.env, TANDEM_SERVER_URL: ts.url },
    });

  it('loads the popover from app://tandem with only the tandem bridge, and the device services answer through IPC', async () => {
    const app = await launch();
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://tandem/tray/index.html');
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
      const globals = await page.evaluate(() => ({
        bridge: Object.keys((globalThis as unknown as { tandem: Record<string, unknown> }).tandem).sort(),
        require: typeof (globalThis as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
      }));
      expect(globals).toEqual({
        bridge: ['app', 'auth', 'device'],
        require: 'undefined',
        process: 'undefined',
      });
      const snapshot = await page.evaluate(() =>
        (
          globalThis as unknown as { tandem: { device: { diagnostics(): Promise<unknown> } } }
        ).tandem.device.diagnostics(),
      );
      expect(DiagnosticsSnapshot.safeParse(snapshot).success).toBe(true);
      // The bundled page calls the server cross-origin: the server's CORS answer lets it.
      const health = await page.evaluate((url) => fetch(`${url}/api/health`).then((r) => r.status), ts.url);
      expect(health).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('remembers the sign-in across restarts (safeStorage), and forgets it on sign-out', async () => {
    let app = await launch();
    try {
      const page = await app.firstWindow();
      await signIn(page, ADMIN.email, ADMIN.password, { landing: 'Ask IT for help' });
    } finally {
      await app.close();
    }
    app = await launch();
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Ask IT for help' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
    } finally {
      await app.close();
    }
  });
});
