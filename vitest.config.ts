import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // On CI one more try: the end-to-end suites drive real browsers, WebRTC peers, PTYs and X
    // servers on a 2-core machine shared by two test files at once. The summary reporter lists
    // every test that needed it, with the first try's error; locally a failure fails at once.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    // Builds out/web for the browser tests when it is missing or stale.
    globalSetup: ['tests/e2e/global-setup.ts'],
    reporters: ['default', './tests/fixtures/summary-reporter.ts'],
  },
});
