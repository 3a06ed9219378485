import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The agent console as a web page, served by the Tandem server from out/web (see
 * src/server/web.ts). Absolute asset paths because every client-side route (/queue,
 * /setup?token=…) is answered with the same index.html.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer/console'),
  base: '/',
  plugins: [react()],
  // The search index runs on a module worker (queue/workerTicketSearch.ts): bundle it as ES too.
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
