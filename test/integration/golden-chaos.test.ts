import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines } from '../support/golden-run.ts';
import { normalizeRows } from '../support/normalize.ts';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

/**
 * Every golden SQL query again, at parallelism 2 under `--chaos SEED` (crashes at every point of an
 * invocation, zombies, re-delivery, re-batching, partial PutRecords failures, DynamoDB throttling and
 * conflicts): the sink must equal the golden file (DuckDB's answer) exactly.
 */
const queriesDir = join(repoRoot, 'test/queries');
// npm run test:chaos runs every golden query under chaos (test/chaos/golden-all-chaos.test.ts).
const QUERIES = ['tumble_region', 'filter_project'] as const;
const SEED = 20_261_124;

describe('golden SQL queries under --chaos at parallelism 2', () => {
  for (const [i, name] of QUERIES.entries()) {
    it(`${name}: the sink equals the golden rows, whatever the schedule injected`, {
      timeout: 300_000,
    }, async () => {
      const result = await runSluice([
        'run',
        `test/queries/${name}.sql`,
        '--parallelism',
        '2',
        '--chaos',
        String(SEED + i),
        '--json',
        '--port',
        '0',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ingested: number;
        deadLettered: number;
        chaos: { total: number; faults: Record<string, number> };
      };
      expect(summary.ingested).toBe(12_000);
      expect(summary.deadLettered).toBe(0);
      expect(summary.chaos.total).toBeGreaterThan(0);
      const golden = (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8'))
        .split('\n')
        .filter((l) => l !== '');
      const actual = normalizeRows(await readJsonLines(join(queriesDir, 'out', `${name}.jsonl`)));
      expect(actual).toEqual(golden);
    });
  }
});
