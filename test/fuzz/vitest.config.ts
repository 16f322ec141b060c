import { defineConfig } from 'vitest/config';

/**
 * `npm run test:fuzz`: every fuzz suite in test/fuzz at full size. npm test runs the same files
 * with their small default slices (the root vitest.config.ts includes test/**).
 * SQL front end: SLUICE_FUZZ_SQL variants (default here 5,000), SLUICE_FUZZ_SEED picks the run.
 * Records: SLUICE_FUZZ_RECORDS bad records through `sluice run` (default here 300).
 */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts'],
    env: {
      SLUICE_FUZZ_SQL: process.env.SLUICE_FUZZ_SQL ?? '5000',
      // record fuzz (record-fuzz.test.ts): bad records mixed into the golden orders
      SLUICE_FUZZ_RECORDS: process.env.SLUICE_FUZZ_RECORDS ?? '300',
    },
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
