import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const builtPage = join(root, 'out/web/index.html');
const sources = [join(root, 'src/renderer'), join(root, 'src/shared'), join(root, 'vite.web.config.ts')];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/**
 * The end-to-end tests need the server to serve a real console build: build out/web when it is
 * missing or older than the renderer and shared sources it is made from.
 */
export default function setup(): void {
  const builtAt = existsSync(builtPage) ? statSync(builtPage).mtimeMs : 0;
  if (builtAt >= Math.max(...sources.map(newestChange))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.web.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
