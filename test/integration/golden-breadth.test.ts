import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeChanges, pkHeaderOf } from '../support/debezium-merge.ts';
import { goldenParallelisms } from '../support/golden-parallelisms.ts';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Golden SQL tests of the SQL-breadth features (windows, aggregates, top-N, updating aggregates,
 * UNION ALL, UNNEST, scalar functions), as golden.test.ts: each golden file must equal DuckDB's
 * answer, and each query runs end to end through `sluice run` at parallelism 1 and 2.
 *
 * A query with a `-- pk: col1,col2` header writes Debezium changes (an updating aggregate). Its
 * changes are applied in file order per primary key, checking that each is consistent (`c` only
 * for an absent key; `u`/`d` only with `before` equal to the current row), and the final state must
 * equal DuckDB's GROUP BY. A key lives in one shard, so its changes keep their order in the file.
 */
const queriesDir = join(repoRoot, 'test/queries');

const CASES: Record<string, readonly number[]> = {
  breadth_hop_aggs: [1, 2],
  breadth_session: [1, 2],
  breadth_topn: [1, 2],
  breadth_updating: [1, 2],
  breadth_unnest_union: [1, 2],
  breadth_scalar: [1, 2],
};

// Two stacks at a time (runs of one query never overlap: they share its sink file).
const limit = limiter(2);

const golden = async (name: string) =>
  (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('golden SQL breadth queries: DuckDB oracle', () => {
  for (const name of Object.keys(CASES)) {
    it(`${name}: golden file equals the DuckDB oracle over the same input`, async () => {
      const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
      const expected = await golden(name);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected).toEqual(oracle);
    });
  }
});

describe.concurrent('golden SQL breadth queries: end to end on the embedded local stack', () => {
  for (const [name, parallelisms] of Object.entries(CASES)) {
    for (const p of goldenParallelisms(parallelisms)) {
      it(`${name} at parallelism ${p} matches the golden rows`, async () => {
        const { result, rows } = await runGoldenQuery(limit, name, ['--parallelism', String(p)]);
        expect(result.code, result.stderr).toBe(0);
        const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
          deadLettered: number;
          ingested: number;
        };
        expect(summary.ingested).toBe(6_000);
        expect(summary.deadLettered).toBe(0);
        const pk = pkHeaderOf(await readFile(join(queriesDir, `${name}.sql`), 'utf8'));
        expect(normalizeRows(pk === null ? rows : mergeChanges(rows, pk))).toEqual(await golden(name));
      }, 600_000);
    }
  }
});
