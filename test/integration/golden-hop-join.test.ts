import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Joins of hop window results: two hop window aggregates on their window and a key
 * (compat_hop_join), and Arroyo's Nexmark Q5 shape, whose max side aggregates the count results
 * again by their window (compat_hop_q5), and that re-aggregation with another key after the window
 * in GROUP BY (compat_regroup_window). Each golden file must equal DuckDB's answer, and each query
 * must give it end to end through `sluice run` at parallelism 1 and 2.
 */
const queriesDir = join(repoRoot, 'test/queries');
const NAMES = ['compat_hop_join', 'compat_hop_q5', 'compat_regroup_window'];
const limit = limiter(2);
const golden = async (name: string): Promise<string[]> =>
  (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe.concurrent('joins of hop window results', () => {
  for (const name of NAMES) {
    it(`${name}: golden file equals the DuckDB oracle over the same input`, async () => {
      const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
      expect(oracle.length).toBeGreaterThan(0);
      expect(await golden(name)).toEqual(oracle);
    });
    for (const p of [1, 2])
      it(`${name} at parallelism ${p} matches the golden rows`, async () => {
        const { result, rows } = await runGoldenQuery(limit, name, ['--parallelism', String(p)]);
        expect(result.code, result.stderr).toBe(0);
        expect(normalizeRows(rows)).toEqual(await golden(name));
      }, 600_000);
  }
});
