import { resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronSuite } from '../fixtures/electron';
import { startTestServer, type TestServer } from '../fixtures/server';

const root = resolve(import.meta.dirname, '../..');

const suite = electronSuite('console', 'the built console app in Electron');
const binary = suite.binary;

describe.skipIf(suite.skip)(suite.title, () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer('pglite');
  });
  afterAll(() => ts?.close());

  it('opens a sandboxed window with the console from the server, exposing only the tandem bridge', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve(root, 'out/main/console.js'), '--no-sandbox'],
      env: { ...process.env, TANDEM_SERVER_URL: ts.url },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Sign in to Tandem' }).waitFor();
      const globals = await page.evaluate(() => ({
        bridge: Object.keys((globalThis as unknown as { tandem: Record<string, unknown> }).tandem),
        require: typeof (globalThis as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
      }));
      expect(globals).toEqual({
        bridge: ['app', 'auth', 'device'],
        require: 'undefined',
        process: 'undefined',
      });
      const serverUrl = await page.evaluate(() =>
        (
          globalThis as unknown as { tandem: { app: { getServerUrl(): Promise<string> } } }
        ).tandem.app.getServerUrl(),
      );
      expect(serverUrl).toBe(ts.url);
      // The contract refuses a non-https link before anything opens.
      const refused = await page.evaluate(() =>
        (
          globalThis as unknown as { tandem: { app: { openExternal(r: { url: string }): Promise<void> } } }
        ).tandem.app
          .openExternal({ url: 'file:///etc/passwd' })
          .then(
            () => 'opened',
            (e: Error) => e.message,
          ),
      );
      expect(refused).toContain('Only https links can be opened.');
    } finally {
      await app.close();
    }
  });

  it('opens a tandem:// deep link given at start on that ticket’s page', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve(root, 'out/main/console.js'), '--no-sandbox', 'tandem://ticket/T-1042'],
      env: { ...process.env, TANDEM_SERVER_URL: ts.url },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForURL(`${ts.url}/tickets/T-1042`);
    } finally {
      await app.close();
    }
  });
});
