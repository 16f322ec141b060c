/**
 * The parallelisms a golden SQL query runs at end to end. `npm test` runs each query once, at the
 * highest of them (parallelism 2: shuffles, several shards and key groups, so it exercises what
 * parallelism 1 does and more), to keep the suite within its time budget; `npm run test:heavy`
 * sets SLUICE_GOLDEN_FULL=1 and runs every listed parallelism.
 */
export function goldenParallelisms(listed: readonly number[]): readonly number[] {
  if (process.env.SLUICE_GOLDEN_FULL === '1' || listed.length === 0) return listed;
  return [Math.max(...listed)];
}
