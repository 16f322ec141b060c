import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeChanges, pkHeaderOf } from '../support/debezium-merge.ts';
import { normalizeRows, type Row } from '../support/normalize.ts';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

/**
 * `npm run test:chaos`: every golden SQL query (test/queries/NAME.sql with golden/NAME.jsonl,
 * DuckDB's answer) under `--chaos` at parallelism 2: windows, joins, top-N, updating aggregates,
 * UNNEST/UNION, scalar functions, UDFs, Nexmark. `npm test` runs three of them
 * (test/integration/golden-chaos.test.ts).
 */
const queriesDir = join(repoRoot, 'test/queries');
const QUERIES = readdirSync(join(queriesDir, 'golden'))
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => f.slice(0, -'.jsonl'.length))
  .sort();
const SEED = 3_000;
/** The UDF modules the udf_* queries call (as test/integration/golden-udf.test.ts passes them). */
const UDFS: Record<string, string> = {
  udf_scalar: 'test/queries/udf-modules/scalars.ts',
  udf_aggregate: 'test/queries/udf-modules/aggregates.ts',
};

describe('every golden SQL query under --chaos at parallelism 2', () => {
  it('finds the golden queries', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(25);
  });

  for (const [i, name] of QUERIES.entries()) {
    it(`${name}: the sink equals the golden rows`, { timeout: 600_000 }, async () => {
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
        ...(UDFS[name] ? ['--udf', UDFS[name]] : []),
      ]);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        deadLettered: number;
        chaos: { total: number };
      };
      expect(summary.deadLettered).toBe(0);
      expect(summary.chaos.total).toBeGreaterThan(0);
      const rows = (await readFile(join(queriesDir, 'out', `${name}.jsonl`), 'utf8'))
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Row);
      const pk = pkHeaderOf(await readFile(join(queriesDir, `${name}.sql`), 'utf8'));
      const golden = (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8'))
        .split('\n')
        .filter((l) => l !== '');
      expect(normalizeRows(pk === null ? rows : mergeChanges(rows, pk))).toEqual(golden);
    });
  }
});
