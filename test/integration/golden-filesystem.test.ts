import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeRows, type Row } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

/**
 * The S3 `filesystem` connector end to end, filesystem → filesystem: the tumbling-window golden
 * query reads JSON-lines objects under s3://golden/orders/ and writes s3://golden/out/ on the
 * embedded local stack (`sluice run --s3-dir`). The sink's objects, read back as rows and sorted,
 * must equal DuckDB's answer over the same lines, at parallelism 1 and 2 and under `--chaos` (which
 * also reshards the ingest stream mid-run). One object holds a malformed line: it is dead-lettered
 * with its reason and object:line, and the run goes on.
 */
const queriesDir = join(repoRoot, 'test/queries');
/** A prefix of the golden orders (arrival order, so no event is late): keeps the runs short. */
const LINES = 3_000;
const OBJECTS = 3;
const BAD_LINE = '{"order_id": 7, "customer": "broken';
const PIPELINE = 'fs-golden';
/** `<prefix><pipeline>/<stage>/<shard>/<epoch:12>.jsonl`: one object per committed epoch. */
const STALE = `out/${PIPELINE}/s2/shardId-000000000009/000000000042.jsonl`;
const FINAL_KEY = new RegExp(`^out/${PIPELINE}/s2/shardId-\\d{12}/\\d{12}\\.jsonl$`);

const SQL = `-- tumble_region.sql over S3
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'filesystem', path = 's3://golden/orders/', format = 'json', type = 'source', bad_data = 'drop');

CREATE TABLE tumble_region WITH (connector = 'filesystem', path = 's3://golden/out/', format = 'json', type = 'sink');

INSERT INTO tumble_region
SELECT window.start AS window_start, window.end AS window_end, region,
  count(*) AS orders, count(amount) AS priced, sum(amount) AS revenue, avg(amount) AS avg_amount,
  min(amount) AS min_amount, max(amount) AS max_amount
FROM orders
WHERE status <> 'cancelled'
GROUP BY tumble(interval '1 minute') AS window, region;
`;

let dir = '';
let lines: string[] = [];
let oracle: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-fs-golden-'));
  lines = (await readFile(join(queriesDir, 'inputs/orders.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, LINES);
  // DuckDB reads the same lines as one file (the oracle resolves inputs/orders.jsonl against dir).
  await mkdir(join(dir, 'inputs'));
  await writeFile(join(dir, 'inputs/orders.jsonl'), `${lines.join('\n')}\n`);
  oracle = normalizeRows(await runOracle(join(queriesDir, 'tumble_region.oracle.sql'), dir));
  await writeFile(join(dir, `${PIPELINE}.sql`), SQL);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A fresh S3 folder: the lines in OBJECTS objects, a malformed line in the second, a hidden marker. */
async function seedBucket(s3Dir: string): Promise<void> {
  const folder = join(s3Dir, 'golden/orders');
  await mkdir(folder, { recursive: true });
  const per = Math.ceil(lines.length / OBJECTS);
  for (let k = 0; k < OBJECTS; k++) {
    const part = lines.slice(k * per, (k + 1) * per);
    if (k === 1) part.splice(10, 0, BAD_LINE); // line 11 of part-0001.jsonl
    await writeFile(join(folder, `part-${String(k).padStart(4, '0')}.jsonl`), `${part.join('\n')}\n`);
  }
  // Hidden from readers of the prefix, as Hive/Spark/Athena skip it: never ingested.
  await writeFile(join(folder, '_SUCCESS'), 'not json\n');
  // An earlier run's object under the sink's names: the run starts from fresh state and removes it.
  await mkdir(join(s3Dir, 'golden', STALE, '..'), { recursive: true });
  await writeFile(join(s3Dir, 'golden', STALE), '{"window_start":"stale"}\n');
}

/** Every object under `root` (files below it), as keys relative to `root`. */
async function listKeys(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

interface Summary {
  ingested: number;
  deadLettered: number;
  deadLetters: { stage: string; reason: string; position?: string }[];
  sinks: { table: string; path: string; rows: number; objects?: number }[];
  chaos?: { total: number };
}

describe('filesystem (S3) → filesystem golden query (DuckDB oracle, embedded local stack)', () => {
  const runs = [
    { name: 'parallelism 1', p: 1, chaos: undefined },
    { name: 'parallelism 2', p: 2, chaos: undefined },
    { name: 'parallelism 2 under --chaos 4242', p: 2, chaos: 4242 },
  ];
  for (const run of runs) {
    it(`${run.name}: the sink objects' rows equal DuckDB's`, { timeout: 300_000 }, async () => {
      const s3Dir = join(dir, `s3-${run.p}-${run.chaos ?? 'plain'}`);
      await seedBucket(s3Dir);
      const result = await runSluice([
        'run',
        join(dir, `${PIPELINE}.sql`),
        '--parallelism',
        String(run.p),
        '--s3-dir',
        s3Dir,
        ...(run.chaos === undefined ? [] : ['--chaos', String(run.chaos)]),
        '--json',
        '--port',
        '0',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Summary;
      if (run.chaos !== undefined) expect(summary.chaos?.total).toBeGreaterThan(0);

      // The malformed line: dead-lettered with its reason and object:line; the rest went through.
      expect(summary.ingested).toBe(LINES + 1);
      expect(summary.deadLettered).toBe(1);
      expect(summary.deadLetters).toHaveLength(1);
      expect(summary.deadLetters[0]).toMatchObject({
        stage: 's1',
        reason: expect.stringContaining('invalid JSON'),
        position: 's3://golden/orders/part-0001.jsonl:11',
      });

      // Only published objects, named by (shard, epoch), under <prefix><pipeline>/; no staging left.
      const bucket = join(s3Dir, 'golden');
      const keys = (await listKeys(bucket)).filter((k) => k.startsWith('out/'));
      expect(keys.length).toBeGreaterThan(0);
      expect(keys).not.toContain(STALE);
      for (const k of keys) expect(k).toMatch(FINAL_KEY);
      const rows: Row[] = [];
      for (const k of keys) {
        const text = await readFile(join(bucket, k), 'utf8');
        expect(text.endsWith('\n'), k).toBe(true);
        for (const l of text.split('\n')) if (l !== '') rows.push(JSON.parse(l) as Row);
      }
      expect(summary.sinks).toEqual([
        {
          table: 'tumble_region',
          path: `s3://golden/out/${PIPELINE}/s2/`,
          rows: oracle.length,
          objects: keys.length,
        },
      ]);
      expect(normalizeRows(rows)).toEqual(oracle);
    });
  }
});
