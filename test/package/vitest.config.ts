import { defineConfig } from 'vitest/config';

/**
 * `npm run test:package`: `npm pack`, the tarball installed into an empty folder, and the installed
 * package used as a user would (`npx sluice run`, `cdk synth` of an app using the construct, `tsc`).
 * About 4 minutes, most of it the build (prepack), the install and two synths; not part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    // the installed package's temporary folders go under one scratch folder, removed after the run
    globalSetup: ['test/support/scratch-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
