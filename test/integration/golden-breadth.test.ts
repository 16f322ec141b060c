import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeChanges, pkHeaderOf } from '../support/debezium-merge.ts';
import { normalizeRows, type Row } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

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

async function readJsonLines(path: string): Promise<Row[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

describe('golden SQL breadth queries (DuckDB oracle, embedded local stack)', () => {
  for (const [name, parallelisms] of Object.entries(CASES)) {
    describe(name, () => {
      const goldenFile = join(queriesDir, 'golden', `${name}.jsonl`);
      const golden = async () => (await readFile(goldenFile, 'utf8')).split('\n').filter((l) => l !== '');
      const pkHeader = async () => pkHeaderOf(await readFile(join(queriesDir, `${name}.sql`), 'utf8'));

      it('golden file equals the DuckDB oracle over the same input', async () => {
        const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
        const expected = await golden();
        expect(expected.length).toBeGreaterThan(0);
        expect(expected).toEqual(oracle);
      });

      for (const p of parallelisms) {
        it(`runs end to end at parallelism ${p} and matches the golden rows`, async () => {
          const result = await runSluice([
            'run',
            `test/queries/${name}.sql`,
            '--parallelism',
            String(p),
            '--json',
            '--port',
            '0',
          ]);
          expect(result.code, result.stderr).toBe(0);
          const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
            deadLettered: number;
            ingested: number;
          };
          expect(summary.ingested).toBe(6_000);
          expect(summary.deadLettered).toBe(0);
          const rows = await readJsonLines(join(queriesDir, 'out', `${name}.jsonl`));
          const pk = await pkHeader();
          const actual = normalizeRows(pk === null ? rows : mergeChanges(rows, pk));
          expect(actual).toEqual(await golden());
        });
      }
    });
  }
});
