import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * A join of two hop window aggregates on their window and a key (the shape of Arroyo's Nexmark Q5):
 * the golden file must equal DuckDB's answer, and the query must give it end to end through
 * `sluice run` at parallelism 1 and 2.
 */
const queriesDir = join(repoRoot, 'test/queries');
const NAME = 'compat_hop_join';
const limit = limiter(2);
const golden = async (): Promise<string[]> =>
  (await readFile(join(queriesDir, 'golden', `${NAME}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('join of hop window results', () => {
  it('golden file equals the DuckDB oracle over the same input', async () => {
    const oracle = normalizeRows(await runOracle(join(queriesDir, `${NAME}.oracle.sql`), queriesDir));
    expect(oracle.length).toBeGreaterThan(0);
    expect(await golden()).toEqual(oracle);
  });

  describe.concurrent('end to end on the embedded local stack', () => {
    for (const p of [1, 2])
      it(`at parallelism ${p} matches the golden rows`, async () => {
        const { result, rows } = await runGoldenQuery(limit, NAME, ['--parallelism', String(p)]);
        expect(result.code, result.stderr).toBe(0);
        expect(normalizeRows(rows)).toEqual(await golden());
      }, 600_000);
  });
});
