import { defineConfig } from 'vitest/config';

/**
 * `npm run test:heavy`: what `npm test` leaves out to stay within its time budget. Every golden SQL
 * query at every parallelism it lists (npm test runs each at its highest only), and the long files
 * under test/heavy/. Minutes, not seconds.
 */
export default defineConfig({
  test: {
    include: [
      'test/heavy/**/*.test.ts',
      'test/integration/golden-joins.test.ts',
      'test/integration/golden-arroyo-compat.test.ts',
      'test/integration/golden-breadth.test.ts',
      'test/integration/golden-udf.test.ts',
      'test/integration/golden-debezium-source.test.ts',
    ],
    env: { SLUICE_GOLDEN_FULL: '1' },
    // one DynamoDB Local for every stack the tests start (each in its own namespace)
    globalSetup: ['test/support/shared-dynamodb-setup.ts', 'test/support/scratch-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './test/support/hang-watchdog.ts'],
  },
});
