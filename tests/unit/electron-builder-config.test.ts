import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// electron-builder's own loader and validator (the code `npm run dist` runs before packaging),
// reached through electron-builder so the version matches the one installed.
const requireFromBuilder = createRequire(createRequire(resolve(root, 'package.json')).resolve('electron-builder'));
const { getConfig, validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = requireFromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

/**
 * Packaging cannot run here (no Electron binary), so the configs are checked the way electron-builder
 * checks them before it packages, plus the properties the apps depend on.
 */
describe.each([
  ['electron-builder.console.yml', 'out/main/console.js'],
  ['electron-builder.tray.yml', 'out/main/tray.js'],
])('%s', (file, main) => {
  const load = () => getConfig(root, resolve(root, file), null);

  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it(`starts ${main} and builds AppImage and deb, NSIS and dmg`, async () => {
    const config = (await load()) as Record<string, { target?: string[]; main?: string }>;
    expect(config.extraMetadata?.main).toBe(main);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });
});

describe('the tray package', () => {
  it('unpacks node-pty and nut-js from the asar archive and rebuilds native modules for Electron', async () => {
    const config = (await getConfig(root, resolve(root, 'electron-builder.tray.yml'), null)) as { asarUnpack: string[]; npmRebuild: boolean };
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/node-pty/**', '**/node_modules/@nut-tree-fork/**']));
    expect(config.npmRebuild).toBe(true);
  });
});

describe('the console package', () => {
  it('registers tandem:// deep links', async () => {
    const config = (await getConfig(root, resolve(root, 'electron-builder.console.yml'), null)) as { protocols: { schemes: string[] }[] };
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['tandem']);
  });
});
