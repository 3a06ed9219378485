import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const rendererSources = [join(root, 'src/renderer'), join(root, 'src/shared')];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** Runs a build when its output is missing or older than any of its sources. */
function buildIfStale(output: string, sources: string[], args: string[]): void {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (builtAt >= Math.max(...sources.map(newestChange))) return;
  execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
}

/**
 * The end-to-end tests need real builds: out/web (the console the server serves) and
 * out/renderer (the tray page, and the Electron apps when a binary exists). Each is rebuilt only
 * when missing or older than the renderer and shared sources it is made from.
 */
export default function setup(): void {
  buildIfStale(join(root, 'out/web/index.html'), [...rendererSources, join(root, 'vite.web.config.ts')], [
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '-c',
    'vite.web.config.ts',
    '--logLevel',
    'warn',
  ]);
  buildIfStale(
    join(root, 'out/renderer/tray/index.html'),
    [...rendererSources, join(root, 'src/main'), join(root, 'src/preload'), join(root, 'electron.vite.config.ts')],
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
  );
}
