import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeChanges } from '../support/debezium-merge.ts';
import { goldenParallelisms } from '../support/golden-parallelisms.ts';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

/**
 * Golden tests of the debezium_json source (Arroyo's updating input, issue 12) over 3,000 Debezium
 * changes (scripts/gen-changes.ts: c, r, u, d, three malformed): compat_debezium filters and
 * projects them into a Debezium sink (its changes applied by id must equal DuckDB's last change per
 * id, filtered and projected); compat_debezium_agg aggregates them with retraction (count,
 * count(DISTINCT), sum, avg; merged by group, equal to DuckDB's GROUP BY over the last change per
 * id). Every change must be a valid step (mergeChanges checks that a u/d carries the current row),
 * and the three malformed changes are dead-lettered.
 */
const queriesDir = join(repoRoot, 'test/queries');
const CASES = { compat_debezium: ['id'], compat_debezium_agg: ['product'] };
const limit = limiter(2);
const golden = async (name: string) =>
  (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('debezium_json source: golden files', () => {
  for (const name of Object.keys(CASES)) {
    it(`${name} equals the DuckDB oracle over the same changes`, async () => {
      const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
      expect(oracle.length).toBeGreaterThan(100);
      expect(await golden(name)).toEqual(oracle);
    });
  }
});

describe.concurrent('debezium_json source: end to end on the embedded local stack', () => {
  for (const [name, pk] of Object.entries(CASES))
    for (const p of goldenParallelisms([1, 2])) {
      it(`${name} at parallelism ${p}: the merged changes equal the golden rows`, async () => {
        const { result, rows } = await runGoldenQuery(limit, name, ['--parallelism', String(p)]);
        expect(result.code, result.stderr).toBe(0);
        const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
          deadLettered: number;
          ingested: number;
        };
        expect(summary.ingested).toBe(3_000);
        expect(summary.deadLettered).toBe(3);
        // Deletes are emitted: filtered-out updates (compat_debezium), emptied groups (compat_debezium_agg).
        expect(rows.some((r) => r.op === 'd')).toBe(true);
        expect(normalizeRows(mergeChanges(rows, pk))).toEqual(await golden(name));
      }, 600_000);
    }
});
