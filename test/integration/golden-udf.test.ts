import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeRows, type Row } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

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
};

async function readJsonLines(path: string): Promise<Row[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

async function runQuery(name: string, udf: string, extra: readonly string[]) {
  const result = await runSluice([
    'run',
    `test/queries/${name}.sql`,
    '--udf',
    udf,
    ...extra,
    '--json',
    '--port',
    '0',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
    deadLettered: number;
    ingested: number;
    chaos?: { total: number };
  };
}

describe('golden TypeScript UDF queries (DuckDB oracle, embedded local stack)', () => {
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

      for (const p of parallelisms) {
        it(`runs end to end at parallelism ${p} and matches the golden rows`, async () => {
          const summary = await runQuery(name, udf, ['--parallelism', String(p)]);
          expect(summary.ingested).toBe(6_000);
          expect(summary.deadLettered).toBe(0);
          const rows = await readJsonLines(join(queriesDir, 'out', `${name}.jsonl`));
          expect(normalizeRows(rows)).toEqual(await golden());
        });
      }
    });
  }

  it('udf_aggregate under --chaos at parallelism 2: the values in window state are exactly once', async () => {
    const summary = await runQuery('udf_aggregate', CASES.udf_aggregate!.udf, [
      '--parallelism',
      '2',
      '--chaos',
      '7',
    ]);
    expect(summary.ingested).toBe(6_000);
    expect(summary.deadLettered).toBe(0);
    expect(summary.chaos?.total).toBeGreaterThan(0);
    const rows = await readJsonLines(join(queriesDir, 'out', 'udf_aggregate.jsonl'));
    const golden = (await readFile(join(queriesDir, 'golden', 'udf_aggregate.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l !== '');
    expect(normalizeRows(rows)).toEqual(golden);
  });
});
