import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // npm run test:chaos only (minutes of chaos); golden-rescale.test.ts keeps a short slice
    exclude: [
      '**/node_modules/**',
      'test/chaos/rescale-chaos.test.ts',
      'test/chaos/golden-all-chaos.test.ts',
      // npm run test:package only (packs, installs and synthesizes: minutes)
      'test/package/**',
      // npm run test:heavy only (long goldens: the full breadth of joins, rescale and Arroyo's suites)
      'test/heavy/**',
    ],
    // one DynamoDB Local for every stack the tests start (each in its own namespace)
    // one scratch folder for test helpers' temporary files, removed after the run
    globalSetup: ['test/support/shared-dynamodb-setup.ts', 'test/support/scratch-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // a file whose worker blocks (so no timeout fires) fails after 10 min, naming it and its stack
    reporters: ['default', './test/support/hang-watchdog.ts'],
  },
});
