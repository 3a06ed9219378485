import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeWorkerFiles } from '../../electron.vite.config';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The Electron main build with the device services' worker threads: each `.mjs` a module starts with
 * `new Worker(new URL('./x.mjs', import.meta.url))` is emitted into the build, and the URL in the
 * built chunk points at the emitted file (the bundler alone left it pointing at nothing).
 */
describe('node worker files in the Electron main build', () => {
  let out = '';
  afterAll(() => (out ? rm(out, { recursive: true, force: true }) : undefined));

  it('emits the screen-grab and diagnostics workers, and every built Worker URL resolves to a file', async () => {
    out = await mkdtemp(join(tmpdir(), 'tandem-main-build-'));
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'silent',
      plugins: [nodeWorkerFiles()],
      build: {
        // As electron-vite builds main: an SSR build that keeps its emitted assets.
        ssr: true,
        ssrEmitAssets: true,
        outDir: out,
        emptyOutDir: true,
        rolldownOptions: { input: { grab: join(ROOT, 'src/device/remote/screen-grabber.ts'), diag: join(ROOT, 'src/device/diagnostics/snapshot.ts') } },
      },
    });
    expect(readdirSync(join(out, 'workers')).sort()).toEqual(['screen-grab-worker.mjs', 'si-worker.mjs']);
    expect(readFileSync(join(out, 'workers/si-worker.mjs'), 'utf8')).toBe(readFileSync(join(ROOT, 'src/device/diagnostics/si-worker.mjs'), 'utf8'));

    const urls: Array<{ chunk: string; path: string }> = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js'))
          for (const m of readFileSync(path, 'utf8').matchAll(/new Worker\(new URL\("([^"]+)", import\.meta\.url\)/g)) urls.push({ chunk: path, path: m[1]! });
      }
    };
    walk(out);
    expect(urls.map((u) => u.path.split('/').at(-1)).sort()).toEqual(['screen-grab-worker.mjs', 'si-worker.mjs']);
    for (const u of urls) expect(existsSync(resolve(dirname(u.chunk), u.path)), `${u.path} from ${u.chunk}`).toBe(true);
  }, 60_000);
});
