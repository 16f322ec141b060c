import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

const queriesDir = join(repoRoot, 'test/queries');

/** Golden queries and the parallelisms each runs at on the real embedded local stack. */
const CASES: Record<string, readonly number[]> = {
  tumble_region: [1, 2, 4],
  tumble_customers: [1, 2],
  filter_project: [1, 2],
};

// Two stacks at a time (runs of one query never overlap: they share its sink file).
const limit = limiter(2);

describe.concurrent('golden SQL queries (DuckDB oracle, embedded local stack)', () => {
  for (const [name, parallelisms] of Object.entries(CASES)) {
    describe(name, () => {
      const goldenFile = join(queriesDir, 'golden', `${name}.jsonl`);

      it('golden file equals the DuckDB oracle over the same input', async () => {
        const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
        const golden = (await readFile(goldenFile, 'utf8')).split('\n').filter((l) => l !== '');
        expect(golden.length).toBeGreaterThan(0);
        expect(golden).toEqual(oracle);
      });

      for (const p of parallelisms) {
        it(`runs end to end at parallelism ${p} and matches the golden rows exactly`, async () => {
          const { result, rows } = await runGoldenQuery(limit, name, ['--parallelism', String(p)]);
          expect(result.code, result.stderr).toBe(0);
          const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
            deadLettered: number;
            ingested: number;
            sinks: { rows: number }[];
          };
          expect(summary.ingested).toBe(12_000);
          expect(summary.deadLettered).toBe(0);
          const actual = normalizeRows(rows);
          const golden = (await readFile(goldenFile, 'utf8')).split('\n').filter((l) => l !== '');
          expect(summary.sinks[0]?.rows).toBe(golden.length);
          expect(actual).toEqual(golden);
        });
      }
    });
  }
});
