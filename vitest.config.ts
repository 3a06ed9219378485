import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    // Builds out/web for the browser tests when it is missing or stale.
    globalSetup: ['tests/e2e/global-setup.ts'],
    reporters: ['default', './tests/fixtures/summary-reporter.ts'],
  },
});
