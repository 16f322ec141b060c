import { defineConfig } from 'vitest/config';

/**
 * `npm run test:fuzz`: every fuzz suite in test/fuzz at full size. npm test runs the same files
 * with their small default slices (the root vitest.config.ts includes test/**).
 * SQL front end: SLUICE_FUZZ_SQL variants (default here 5,000), SLUICE_FUZZ_SEED picks the run.
 */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts'],
    env: { SLUICE_FUZZ_SQL: process.env.SLUICE_FUZZ_SQL ?? '5000' },
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
