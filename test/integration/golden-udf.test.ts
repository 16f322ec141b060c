import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenParallelisms } from '../support/golden-parallelisms.ts';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Golden SQL tests of TypeScript UDFs, as golden-breadth.test.ts: each golden file must equal
 * DuckDB's answer to the oracle query (which computes the UDFs' logic in SQL), and each query runs
 * end to end through `sluice run --udf …` on the embedded local stack at parallelism 1 and 2: the
 * UDF modules are typed by their signatures, bundled into the stage functions and called there.
 */
const queriesDir = join(repoRoot, 'test/queries');

const CASES: Record<string, { udf: string; parallelisms: readonly number[] }> = {
  udf_scalar: { udf: 'test/queries/udf-modules/scalars.ts', parallelisms: [1, 2] },
  udf_aggregate: { udf: 'test/queries/udf-modules/aggregates.ts', parallelisms: [1, 2] },
  // Processing-time windows (no event time) and a two-argument aggregate UDF.
  udf_processing_time: { udf: 'test/queries/udf-modules/pair-aggregates.ts', parallelisms: [1, 2] },
};

// Two stacks at a time (runs of one query never overlap: they share its sink file).
const limit = limiter(2);

/** Runs the query; returns its summary and the sink's rows, read before another run of it starts. */
async function runQuery(name: string, udf: string, extra: readonly string[]) {
  const { result, rows } = await runGoldenQuery(limit, name, ['--udf', udf, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
    deadLettered: number;
    ingested: number;
    chaos?: { total: number };
  };
  return { summary, rows };
}

describe.concurrent('golden TypeScript UDF queries (DuckDB oracle, embedded local stack)', () => {
  for (const [name, { udf, parallelisms }] of Object.entries(CASES)) {
    describe(name, () => {
      const golden = async () =>
        (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8'))
          .split('\n')
          .filter((l) => l !== '');

      it('golden file equals the DuckDB oracle over the same input', async () => {
        const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
        const expected = await golden();
        expect(expected.length).toBeGreaterThan(0);
        expect(expected).toEqual(oracle);
      });

      for (const p of goldenParallelisms(parallelisms)) {
        it(`runs end to end at parallelism ${p} and matches the golden rows`, async () => {
          const { summary, rows } = await runQuery(name, udf, ['--parallelism', String(p)]);
          expect(summary.ingested).toBe(6_000);
          expect(summary.deadLettered).toBe(0);
          expect(normalizeRows(rows)).toEqual(await golden());
        });
      }
    });
  }

  it('udf_aggregate under --chaos at parallelism 2: the values in window state are exactly once', async () => {
    const { summary, rows } = await runQuery('udf_aggregate', CASES.udf_aggregate!.udf, [
      '--parallelism',
      '2',
      '--chaos',
      '7',
    ]);
    expect(summary.ingested).toBe(6_000);
    expect(summary.deadLettered).toBe(0);
    expect(summary.chaos?.total).toBeGreaterThan(0);
    const golden = (await readFile(join(queriesDir, 'golden', 'udf_aggregate.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l !== '');
    expect(normalizeRows(rows)).toEqual(golden);
  });
});
