import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // npm run test:chaos only (minutes of chaos); golden-rescale.test.ts keeps a short slice
    exclude: [
      '**/node_modules/**',
      'test/chaos/rescale-chaos.test.ts',
      'test/chaos/golden-all-chaos.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
