import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonLines } from '../support/golden-run.ts';
import { type ExtraLine, mixLines } from '../support/mixed-input.ts';
import { normalizeRows } from '../support/normalize.ts';
import { duckdbRows, runOracle } from '../support/oracle.ts';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

/**
 * Issue 10, finding 4: one far-future event time used to move the source watermark to the far
 * future, so every later row was late and dropped (1e16 ms even ended the source). Far-future rows
 * are mixed into the golden orders and run end to end by `sluice run` on the embedded stack: each is
 * dead-lettered at its line with a reason, the sink equals DuckDB over the good lines, and genuinely
 * late rows are counted in the run summary.
 */
const queriesDir = join(repoRoot, 'test/queries');
/** 6,000 lines make three 256 KB ingest envelopes; lateness is judged per envelope (per record). */
const GOOD = 6_000;
const order = (id: number, ts: string) =>
  `{"order_id":${id},"customer":"c0001","region":"eu","amount":1,"status":"placed","ts":${ts}}`;
/** Dead-lettered by the event-time guard (inserted before good line k, 0-based). */
const FUTURE: ExtraLine[] = [
  {
    before: 300,
    line: order(9001, '"9999-12-31T00:00:00Z"'),
    reason:
      /^event time 9999-12-31T00:00:00\.000Z is more than max_future \(1 hour\) ahead of its record's arrival at 20\d\d-.*source watermark (none yet|2026-11-24T[^)]+)\).*raise max_future on table orders/,
  },
  {
    before: 900,
    line: order(9002, '1e16'),
    reason: /^field 'ts' is 10000000000000000 ms, not a representable timestamp/,
  },
  {
    before: 1400,
    line: order(9003, '"3000-01-01T00:00:00Z"'),
    reason: /^event time 3000-01-01T00:00:00\.000Z is more/,
  },
];
/** Genuinely late: an hour behind the watermark when they arrive; dropped and counted. */
const LATE: ExtraLine[] = [
  { before: 4000, line: order(9101, '"2026-11-24T09:00:00Z"') },
  { before: 5500, line: order(9102, '"2026-11-24T09:00:01Z"') },
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-future-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('event-time guard (sluice run on the embedded stack)', () => {
  it('dead-letters far-future rows with reasons; the rest equals DuckDB; late rows are counted', {
    timeout: 300_000,
  }, async () => {
    const good = (await readFile(join(queriesDir, 'inputs/orders.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, GOOD);
    const extras = [...FUTURE, ...LATE];
    const { lines, expected } = mixLines(good, extras);
    const input = join(dir, 'future.jsonl');
    await writeFile(input, `${lines.join('\n')}\n`);
    await mkdir(join(dir, 'inputs'));
    await writeFile(join(dir, 'inputs/orders.jsonl'), `${good.join('\n')}\n`);
    const sqlFile = join(dir, 'future.sql');
    // the golden tumble_region query, reading the mixed file with bad_data = 'drop'
    const sql = (await readFile(join(queriesDir, 'tumble_region.sql'), 'utf8'))
      .replace("path = 'inputs/orders.jsonl'", `path = '${input}'`)
      .replace("type = 'source')", "type = 'source', bad_data = 'drop')")
      .replace("path = 'out/tumble_region.jsonl'", `path = '${join(dir, 'out.jsonl')}'`);
    expect(sql).toContain(input);
    expect(sql).toContain("bad_data = 'drop'");
    await writeFile(sqlFile, sql);

    const result = await runSluice(['run', sqlFile, '--json', '--port', '0']);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      ingested: number;
      deadLettered: number;
      lateDropped: number;
      stages: { stageId: string; late: number }[];
      deadLetters: { stage: string; reason: string; position: string }[];
    };
    expect(summary.ingested).toBe(GOOD + extras.length);
    expect(summary.deadLettered).toBe(FUTURE.length);
    const letters = [...summary.deadLetters].sort(
      (a, b) => Number(a.position.split(':').at(-1)) - Number(b.position.split(':').at(-1)),
    );
    expect(letters.map((d) => d.position)).toEqual(expected.map((e) => `${input}:${e.line}`));
    letters.forEach((d, i) => {
      expect(d.stage).toBe('s1');
      expect(d.reason).toMatch(expected[i]!.reason);
    });
    // Only the genuinely late rows are late: the far-future ones never moved the watermark.
    expect(summary.lateDropped).toBe(LATE.length);
    expect(summary.stages.find((s) => s.stageId === 's1')?.late).toBe(LATE.length);

    const oracle = normalizeRows(await runOracle(join(queriesDir, 'tumble_region.oracle.sql'), dir));
    expect(oracle.length).toBeGreaterThan(10);
    expect(normalizeRows(await readJsonLines(join(dir, 'out.jsonl')))).toEqual(oracle);
  });

  it('dead-letters a TIMESTAMP column beyond the range of a date; it used to stall the sink', {
    timeout: 300_000,
  }, async () => {
    const good = [
      '{"id":2,"shipped":5,"ts":"2026-11-24T10:00:01Z"}',
      '{"id":3,"shipped":"2026-11-24T11:00:00Z","ts":"2026-11-24T10:00:02Z"}',
    ];
    const goodFile = join(dir, 'shipped-good.jsonl');
    await writeFile(goodFile, `${good.join('\n')}\n`);
    const input = join(dir, 'shipped.jsonl');
    await writeFile(
      input,
      `${['{"id":1,"shipped":1e16,"ts":"2026-11-24T10:00:00Z"}', ...good].join('\n')}\n`,
    );
    const out = join(dir, 'shipped-out.jsonl');
    const sqlFile = join(dir, 'shipped.sql');
    await writeFile(
      sqlFile,
      `CREATE TABLE s (id BIGINT, shipped TIMESTAMP, ts TIMESTAMP, WATERMARK FOR ts)
         WITH (connector = 'single_file', path = '${input}', type = 'source', bad_data = 'drop');
       CREATE TABLE o WITH (connector = 'single_file', path = '${out}', type = 'sink');
       INSERT INTO o SELECT id, shipped FROM s;`,
    );
    const result = await runSluice(['run', sqlFile, '--json', '--port', '0']);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      deadLetters: { reason: string; position: string }[];
    };
    expect(summary.deadLetters).toHaveLength(1);
    expect(summary.deadLetters[0]).toMatchObject({ position: `${input}:1` });
    expect(summary.deadLetters[0]?.reason).toMatch(
      /^field 'shipped' is 10000000000000000 ms, not a representable timestamp/,
    );
    // epoch ms and ISO text both as timestamps, as sluice reads them
    const oracle = await duckdbRows(
      `SELECT id, coalesce(try_cast(json_extract_string(shipped, '$') AS TIMESTAMP),
                         make_timestamp(try_cast(json_extract_string(shipped, '$') AS BIGINT) * 1000)) AS shipped
       FROM read_json('${goodFile}', format = 'newline_delimited', columns = {id: 'BIGINT', shipped: 'JSON'})`,
    );
    expect(normalizeRows(await readJsonLines(out))).toEqual(normalizeRows(oracle));
  });
});
