import { defineConfig } from 'vitest/config';

/** The console's browser tests (real headless Chromium via playwright-core): `npm run test:browser`. */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/browser/**/*.spec.ts'],
    // one DynamoDB Local for every stack the tests start (each in its own namespace)
    globalSetup: ['test/support/shared-dynamodb-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
