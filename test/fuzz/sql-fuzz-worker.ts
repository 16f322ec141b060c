import { loadSeeds, variant } from './sql-mutations.ts';
import { compileOutcome } from './sql-outcome.ts';

/**
 * Compiles fuzz variants [from, to) one by one and posts each outcome, so the test (in another
 * process) can tell a hang from slow progress and kill this process if a compile never returns.
 */
const [seed = 1, from = 0, to = 0] = process.argv.slice(2).map(Number);
const seeds = loadSeeds();
for (let i = from; i < to; i++) {
  const v = variant(seeds, seed, i);
  process.send?.({ index: i, outcome: compileOutcome(v.sql, v.seed.dir) });
}
process.disconnect?.();
