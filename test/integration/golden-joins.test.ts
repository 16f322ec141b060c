import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nexmarkOracleLines, nexmarkTestOptions } from '../../scripts/gen-nexmark.ts';
import { goldenParallelisms } from '../support/golden-parallelisms.ts';
import { runGoldenQuery } from '../support/golden-run.ts';
import { limiter } from '../support/limiter.ts';
import { normalizeRows } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';

const queriesDir = join(repoRoot, 'test/queries');

/**
 * Golden queries for joins and Nexmark, each run end to end on the embedded local stack at
 * parallelism 1 and 2 and compared with DuckDB's answer (test/queries/README.md). `ingested` is the
 * number of source lines (a table read by both sides of a self-join is ingested once).
 */
const CASES: Record<string, { readonly ingested: number }> = {
  join_window_inner: { ingested: 12_000 },
  join_window_left: { ingested: 12_000 },
  join_window_right: { ingested: 12_000 },
  join_window_full: { ingested: 12_000 },
  join_updating_inner: { ingested: 12_000 },
  join_updating_left: { ingested: 12_000 },
  nexmark_q0: { ingested: 5_000 },
  nexmark_q1: { ingested: 5_000 },
  nexmark_q2: { ingested: 5_000 },
  nexmark_q3: { ingested: 5_000 },
  nexmark_q4: { ingested: 5_000 },
  nexmark_q5: { ingested: 5_000 },
  nexmark_q7: { ingested: 5_000 },
  nexmark_q8: { ingested: 5_000 },
};
const PARALLELISMS = [1, 2];

const goldenLines = async (name: string): Promise<string[]> =>
  (await readFile(join(queriesDir, 'golden', `${name}.jsonl`), 'utf8')).split('\n').filter((l) => l !== '');

describe('nexmark oracle input', () => {
  it('equals the generator output for the test tables’ options (the generator is deterministic)', async () => {
    const file = (await readFile(join(queriesDir, 'inputs/nexmark.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean);
    expect(file).toEqual(nexmarkOracleLines(nexmarkTestOptions(250, 20, 7, 4)));
  });
});

// Two stacks at a time keep this file within a few minutes on two cores.
const limit = limiter(2);

describe('golden join and Nexmark queries: DuckDB oracle', () => {
  for (const name of Object.keys(CASES)) {
    it(`${name}: golden file equals the DuckDB oracle over the same input`, async () => {
      const oracle = normalizeRows(await runOracle(join(queriesDir, `${name}.oracle.sql`), queriesDir));
      const golden = await goldenLines(name);
      expect(golden.length).toBeGreaterThan(0);
      expect(golden).toEqual(oracle);
    });
  }
});

describe.concurrent('golden join and Nexmark queries: end to end on the embedded local stack', () => {
  for (const p of goldenParallelisms(PARALLELISMS)) {
    for (const [name, { ingested }] of Object.entries(CASES)) {
      it(`${name} at parallelism ${p} matches the golden rows exactly`, async () => {
        const { result, rows } = await runGoldenQuery(limit, name, ['--parallelism', String(p)]);
        expect(result.code, result.stderr).toBe(0);
        const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
          deadLettered: number;
          ingested: number;
          stages: { late: number }[];
          sinks: { rows: number }[];
        };
        expect(summary.ingested).toBe(ingested);
        expect(summary.deadLettered).toBe(0);
        expect(summary.stages.reduce((n, s) => n + s.late, 0)).toBe(0);
        const golden = await goldenLines(name);
        expect(summary.sinks[0]?.rows).toBe(golden.length);
        expect(normalizeRows(rows)).toEqual(golden);
      }, 600_000);
    }
  }
});
