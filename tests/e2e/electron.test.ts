import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../fixtures/server';

const root = resolve(import.meta.dirname, '../..');

/**
 * The Electron binary, when this machine has one. The `electron` package exports the binary's path
 * and throws when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as here).
 */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const built = existsSync(resolve(root, 'out/main/console.js'));

describe.skipIf(!binary || !built)(
  `the built console app in Electron${binary ? (built ? '' : ' (skipped: run `npx electron-vite build` first)') : ' (skipped: no Electron binary on this machine; install without ELECTRON_SKIP_BINARY_DOWNLOAD to run it)'}`,
  () => {
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
        expect(globals).toEqual({ bridge: ['app', 'auth', 'device'], require: 'undefined', process: 'undefined' });
        const serverUrl = await page.evaluate(() => (globalThis as unknown as { tandem: { app: { getServerUrl(): Promise<string> } } }).tandem.app.getServerUrl());
        expect(serverUrl).toBe(ts.url);
        // The contract refuses a non-https link before anything opens.
        const refused = await page.evaluate(() =>
          (globalThis as unknown as { tandem: { app: { openExternal(r: { url: string }): Promise<void> } } }).tandem.app
            .openExternal({ url: 'file:///etc/passwd' })
            .then(() => 'opened', (e: Error) => e.message),
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
  },
);
