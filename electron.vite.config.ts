import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const src = (path: string) => resolve(import.meta.dirname, 'src', path);

/**
 * Two apps from one code base: the agent console and the tray client. Each has its own main entry;
 * they share one preload (the typed IPC contract) and build their renderers side by side.
 */
export default defineConfig({
  main: {
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
