import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

/**
 * Async TypeScript UDFs end to end (`sluice run` on the embedded local stack, the UDF module found
 * in the udfs/ folder next to the SQL file): calls run in a pre-pass with at most `concurrency` in
 * flight (counted inside the UDF), a call over its timeout dead-letters its row with the reason
 * instead of blocking the shard, a throwing sync UDF dead-letters its row, and the output keeps
 * the input order although the calls finish out of order.
 */
const ROWS = 300;
const SLOW = new Set([17, 101, 205]);
const THROWS = (id: number) => id % 97 === 0;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-udf-async-'));
  await mkdir(join(dir, 'udfs'));
  await copyFile(join(repoRoot, 'test/fixtures/udf/lookups.ts'), join(dir, 'udfs/lookups.ts'));
  const lines = Array.from({ length: ROWS }, (_, i) => {
    const id = i + 1;
    return JSON.stringify({ id, item: SLOW.has(id) ? `slow-${id}` : `k${id}` });
  });
  await writeFile(join(dir, 'items.jsonl'), `${lines.join('\n')}\n`);
  await writeFile(
    join(dir, 'enrich.sql'),
    `CREATE TABLE items (id BIGINT, item TEXT) WITH (connector = 'single_file', path = 'items.jsonl',
       format = 'json', type = 'source', bad_data = 'drop');
     CREATE TABLE out WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
     INSERT INTO out SELECT id, enrich(id, item) AS e, slow_lookup(item) AS s, checked(id) AS c FROM items;`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('async UDFs: bounded concurrency, timeouts to the dead-letter store, ordered output', () => {
  it('runs the pipeline; slow and throwing rows are dead-lettered, the rest come out in input order', async () => {
    const result = await runSluice(['run', join(dir, 'enrich.sql'), '--json', '--port', '0']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      deadLettered: number;
      deadLetters: { position?: string; reason: string }[];
    };
    const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
    const thrown = ids.filter(THROWS);
    expect(summary.deadLettered).toBe(SLOW.size + thrown.length);
    const reasons = new Map(summary.deadLetters.map((d) => [d.position?.split(':').at(-1), d.reason]));
    for (const id of SLOW)
      expect(reasons.get(String(id))).toBe('async UDF slow_lookup() timed out after 300 ms');
    for (const id of thrown) expect(reasons.get(String(id))).toBe(`UDF checked() threw: bad id ${id}`);

    const rows = (await readFile(join(dir, 'out.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { id: number; e: string; s: string; c: number });
    const kept = ids.filter((id) => !SLOW.has(id) && !THROWS(id));
    expect(rows.map((r) => r.id)).toEqual(kept);
    for (const r of rows) {
      expect(r.s).toBe(`ok:k${r.id}`);
      expect(r.c).toBe(r.id);
      expect(r.e.startsWith(`k${r.id}#`)).toBe(true);
    }
    // The in-flight count each call saw: never above the limit, and the limit was reached.
    const inFlight = rows.map((r) => Number(r.e.split('#')[1]));
    expect(Math.max(...inFlight)).toBe(3);
  });
});
