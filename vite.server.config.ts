import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The Tandem server as one ESM file, out/server/cli.js. An SSR build leaves every dependency in
 * node_modules (external), so native and optional packages (argon2, pg, PGlite) load as usual.
 * out/server sits beside out/web, where src/server/web.ts looks for the console.
 */
export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'src/server/cli.ts'),
    outDir: resolve(import.meta.dirname, 'out/server'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'cli.js' },
    },
  },
});
