import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: the randomized chaos property over 200 seeded fault schedules, live
 * rescales under three chaos schedules, and every golden SQL query under chaos.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    env: { SLUICE_CHAOS_SCHEDULES: process.env.SLUICE_CHAOS_SCHEDULES ?? '200' },
    // one DynamoDB Local for every stack the tests start (each in its own namespace)
    globalSetup: ['test/support/shared-dynamodb-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
