import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeChanges, pkHeaderOf } from '../support/debezium-merge.ts';
import { goldenParallelisms } from '../support/golden-parallelisms.ts';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { duckdbRows, runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Golden SQL tests of the Arroyo-compatibility features (issue 12): the further aggregates (bit_*,
 * var, approx_median, corr, covar_*, regr_*) in window and updating aggregates, and Arroyo's DDL
 * (UNSIGNED, NOT NULL, PRIMARY KEY, a parenthesised watermark) with a WITH query, the impulse
 * source (its oracle is DuckDB's range()), and the t-digest percentiles (compat_percentile: its
 * oracle is DataFusion's estimate written in DuckDB SQL over windows too small for the digest to
 * compress; DuckDB's own quantile_cont interpolates otherwise, so it cannot be the oracle). Each golden file
 * must equal DuckDB's answer; each query runs end to end through `sluice run` at parallelism 1 and 2.
 */
const queriesDir = join(repoRoot, 'test/queries');
const events = join(queriesDir, 'inputs/events.jsonl');

/** Rows compat_ddl must dead-letter: a negative INT UNSIGNED amount or a NULL in NOT NULL score. */
const invalidDdlRows = async (): Promise<number> => {
  const [row] = await duckdbRows(
    `SELECT count(*) AS n FROM read_json('${events}', format = 'newline_delimited',
       columns = {amount: 'BIGINT', score: 'DOUBLE'}) WHERE amount < 0 OR score IS NULL`,
  );
  return Number(row?.n);
};

const CASES = [
  'compat_aggregates',
  'compat_updating',
  'compat_ddl',
  'compat_impulse',
  'compat_virtual',
  'compat_crypto',
  'compat_json',
  'compat_insert_cast',
  'compat_nested_updating',
  'compat_percentile',
  'compat_ctas',
  'compat_subscript',
];
const limit = limiter(2);
const golden = async (name: string) =>
  (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('golden Arroyo-compatibility queries: DuckDB oracle', () => {
  for (const name of CASES) {
    it(`${name}: golden file equals the DuckDB oracle over the same input`, async () => {
      const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
      expect(oracle.length).toBeGreaterThan(0);
      expect(await golden(name)).toEqual(oracle);
    });
  }
});

describe.concurrent('golden Arroyo-compatibility queries: end to end on the embedded local stack', () => {
  for (const name of CASES) {
    for (const p of goldenParallelisms([1, 2])) {
      it(`${name} at parallelism ${p} matches the golden rows`, async () => {
        const { result, rows } = await runGoldenQuery(limit, name, ['--parallelism', String(p)]);
        expect(result.code, result.stderr).toBe(0);
        const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
          deadLettered: number;
          ingested: number;
        };
        expect(summary.ingested).toBe(name === 'compat_impulse' ? 1_000 : 6_000);
        expect(summary.deadLettered).toBe(name === 'compat_ddl' ? await invalidDdlRows() : 0);
        const pk = pkHeaderOf(await readFile(join(queriesDir, `${name}.sql`), 'utf8'));
        expect(normalizeRows(pk === null ? rows : mergeChanges(rows, pk))).toEqual(await golden(name));
      }, 600_000);
    }
  }
});
