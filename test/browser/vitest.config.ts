import { defineConfig } from 'vitest/config';

/** The console's browser tests (real headless Chromium via playwright-core): `npm run test:browser`. */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/browser/**/*.spec.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
