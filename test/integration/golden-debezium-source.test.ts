import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeChanges } from '../support/debezium-merge.ts';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Golden test of the debezium_json source (Arroyo's updating input, issue 12): compat_debezium
 * filters and projects 3,000 Debezium changes (scripts/gen-changes.ts: c, r, u, d, three malformed)
 * into a Debezium sink. The sink's changes, applied by id, must equal DuckDB's last change per id
 * (filtered and projected); every change must be a valid step (mergeChanges checks that a u/d
 * carries the current row), and the three malformed changes are dead-lettered.
 */
const queriesDir = join(repoRoot, 'test/queries');
const NAME = 'compat_debezium';
const limit = limiter(2);
const golden = async () =>
  (await readFile(join(queriesDir, 'golden', `${NAME}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('debezium_json source: golden file', () => {
  it('equals the DuckDB oracle over the same changes', async () => {
    const oracle = normalizeRows(await runOracle(join(queriesDir, `${NAME}.oracle.sql`), queriesDir));
    expect(oracle.length).toBeGreaterThan(100);
    expect(await golden()).toEqual(oracle);
  });
});

describe.concurrent('debezium_json source: end to end on the embedded local stack', () => {
  for (const p of [1, 2]) {
    it(`at parallelism ${p}, the merged changes equal the golden rows`, async () => {
      const { result, rows } = await runGoldenQuery(limit, NAME, ['--parallelism', String(p)]);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        deadLettered: number;
        ingested: number;
      };
      expect(summary.ingested).toBe(3_000);
      expect(summary.deadLettered).toBe(3);
      // Filtered-out updates become deletes or creates, so there are fewer changes than inputs.
      expect(rows.length).toBeLessThan(3_000);
      expect(normalizeRows(mergeChanges(rows, ['id']))).toEqual(await golden());
    }, 600_000);
  }
});
