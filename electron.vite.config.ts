import { readFileSync } from 'node:fs';
import { dirname, posix, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const src = (path: string) => resolve(import.meta.dirname, 'src', path);

/**
 * The device services' worker threads are plain `.mjs` files started with
 * `new Worker(new URL('./x-worker.mjs', import.meta.url))` (so they load the same under node, tsx
 * and vitest). The bundler leaves that URL as it is: emit each such file next to the main build
 * and point the URL at it, or the packaged tray would start threads from files it does not have.
 */
export function nodeWorkerFiles(): Plugin {
  const pattern = /new URL\((['"])\.\/([\w.-]+\.mjs)\1,\s*import\.meta\.url\)/g;
  const marker = '__tandem_node_worker__/';
  return {
    name: 'tandem-node-worker-files',
    transform(code: string, id: string) {
      if (!code.includes('import.meta.url') || !id.startsWith(src(''))) return null;
      let changed = false;
      const out = code.replace(pattern, (_match: string, _quote: string, file: string) => {
        this.emitFile({ type: 'asset', fileName: `workers/${file}`, source: readFileSync(resolve(dirname(id), file)) });
        changed = true;
        return `new URL(${JSON.stringify(marker + file)}, import.meta.url)`;
      });
      return changed ? { code: out, map: null } : null;
    },
    // The chunk's own folder is known only now: the path from it to workers/.
    renderChunk(code: string, chunk: { fileName: string }) {
      if (!code.includes(marker)) return null;
      const from = posix.dirname(chunk.fileName);
      return code.replaceAll(new RegExp(`${marker}([\\w.-]+\\.mjs)`, 'g'), (_m: string, file: string) => {
        const path = posix.relative(from, `workers/${file}`);
        return path.startsWith('.') ? path : `./${path}`;
      });
    },
  };
}

/**
 * Two apps from one code base: the agent console and the tray client. Each has its own main entry;
 * they share one preload (the typed IPC contract) and build their renderers side by side.
 */
export default defineConfig({
  main: {
    plugins: [nodeWorkerFiles()],
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { console: src('main/console.ts'), tray: src('main/tray.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron'): bundle everything, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: src('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: src('renderer'),
    plugins: [react()],
    // The console's search index runs on a module worker: bundle it as ES too.
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      rolldownOptions: {
        input: { console: src('renderer/console/index.html'), tray: src('renderer/tray/index.html') },
      },
    },
  },
});
