import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines, runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { duckdbRows, runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Golden test of Arroyo's memory tables and several INSERTs in one file (issue 12):
 * test/queries/compat_multi_sink.sql writes a memory table once, reads it twice, merges two INSERTs
 * into one sink and writes a second sink from a window over the memory table. Both sinks must equal
 * DuckDB's answer (the first via golden/compat_multi_sink.jsonl, the second computed here), at
 * parallelism 1 and 2, end to end through `sluice run`.
 */
const queriesDir = join(repoRoot, 'test/queries');
const NAME = 'compat_multi_sink';
const events = join(queriesDir, 'inputs/events.jsonl');
const limit = limiter(2);

const windowsOracle = async () =>
  normalizeRows(
    await duckdbRows(`
      SELECT time_bucket(INTERVAL '30 seconds', ts) AS window_start, kind, count(*) AS n, sum(amount) AS total
      FROM read_json('${events}', format = 'newline_delimited',
        columns = {kind: 'VARCHAR', amount: 'BIGINT', ts: 'TIMESTAMP'})
      WHERE amount > 500
      GROUP BY window_start, kind`),
  );

const golden = async () =>
  (await readFile(join(queriesDir, 'golden', `${NAME}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('memory table and several sinks: DuckDB oracle', () => {
  it('the golden file of the merged sink equals the DuckDB oracle', async () => {
    const oracle = normalizeRows(await runOracle(join(queriesDir, `${NAME}.oracle.sql`), queriesDir));
    expect(oracle.length).toBeGreaterThan(0);
    expect(await golden()).toEqual(oracle);
  });
});

describe.concurrent('memory table and several sinks: end to end on the embedded local stack', () => {
  for (const p of [1, 2]) {
    it(`at parallelism ${p} both sinks equal DuckDB's rows`, async () => {
      // Both sinks are read in the run's slot, before another run of the query rewrites them.
      const { result, rows, windows } = await limit(NAME, async () => {
        const run = await runGoldenQuery(limiter(1), NAME, ['--parallelism', String(p)]);
        const second = join(queriesDir, 'out', `${NAME}_windows.jsonl`);
        return { ...run, windows: run.result.code === 0 ? await readJsonLines(second) : [] };
      });
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ingested: number;
        deadLettered: number;
        sinks: { table: string; rows: number }[];
      };
      expect(summary.ingested).toBe(6_000);
      expect(summary.deadLettered).toBe(0);
      expect(summary.sinks.map((s) => s.table).sort()).toEqual([NAME, `${NAME}_windows`]);
      expect(normalizeRows(rows)).toEqual(await golden());
      const oracle = await windowsOracle();
      expect(oracle.length).toBeGreaterThan(0);
      expect(normalizeRows(windows)).toEqual(oracle);
    }, 600_000);
  }
});
