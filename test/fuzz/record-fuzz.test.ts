import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_REASON_CHARS } from '../../functions/excerpt.ts';
import { fuzzRecords, goldenOrders, runPoisoned } from '../support/record-fuzz.ts';

/**
 * Record fuzz (I8): SLUICE_FUZZ_RECORDS bad records (malformed, wrongly typed, deeply nested, huge,
 * not objects, without event time, over 1 MiB, or making json_get throw a RangeError) mixed at
 * seeded places into the golden orders, run by `sluice run`. Every one is dead-lettered, none
 * blocks the shard, and the sink equals DuckDB's answer over the good lines. npm test runs 30;
 * `npm run test:fuzz` runs SLUICE_FUZZ_RECORDS (default there 300). SLUICE_FUZZ_SEED picks another run.
 */
const COUNT = Number(process.env.SLUICE_FUZZ_RECORDS ?? 30);
const SEED = Number(process.env.SLUICE_FUZZ_SEED ?? 1);
const GOOD = 2_000;

describe('record fuzz: no record can stall a shard', () => {
  it(`dead-letters ${COUNT} bad records (seed ${SEED}); the rest equals DuckDB`, {
    timeout: 900_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-record-fuzz-'));
    try {
      const good = await goldenOrders(GOOD);
      const { lines, bad } = fuzzRecords(good, COUNT, SEED);
      expect(bad).toHaveLength(COUNT);
      const run = await runPoisoned(dir, lines, good);
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      expect(run.summary.ingested).toBe(lines.length);
      expect(run.summary.deadLettered, JSON.stringify(bad.map((b) => b.kind))).toBe(COUNT);
      // the summary lists the first 20, in line order at parallelism 1
      const listed = run.summary.deadLetters;
      expect(listed.map((d) => d.position)).toEqual(
        bad.slice(0, listed.length).map((b) => `${run.input}:${b.line}`),
      );
      for (const d of listed) expect(d.reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
      expect(run.rows).toEqual(run.oracle);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
