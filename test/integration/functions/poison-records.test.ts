import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { makeLambda } from '../../../functions/aws/clients.ts';
import { MAX_REASON_CHARS } from '../../../functions/excerpt.ts';
import { MAX_RAW_BYTES } from '../../../functions/state/dead-letter-cap.ts';
import { listDeadLetters, writeDeadLetters } from '../../../functions/state/dead-letters.ts';
import { replayDeadLetters } from '../../../ops/dlq/dlq-replay.ts';
import { goldenOrders, runPoisoned } from '../../support/record-fuzz.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import { emulatorsForFile } from './harness.ts';

/**
 * Issue 10, finding 3 (I8): records that used to stall a shard or fail the whole ingest, mixed
 * into the golden orders and run end to end by `sluice run` on the embedded stack. Each is
 * dead-lettered at its file:line with a capped reason; the sink equals DuckDB's answer over the good
 * lines (tumble_region.oracle.sql).
 */
const GOOD = 2_000;
const order = (id: number, over: Record<string, unknown>) =>
  JSON.stringify({
    order_id: id,
    customer: 'c0001',
    region: 'eu',
    amount: 1,
    status: 'placed',
    ts: '2026-11-24T10:00:30.000Z',
    ...over,
  });
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** Inserted before good line k (0-based), with what the dead letter's reason must say. */
const BAD: { before: number; line: string; reason: RegExp }[] = [
  // building the error message used to throw RangeError (JSON.stringify): the invocation failed
  {
    before: 100,
    line: order(9001, {}).replace('"order_id":9001', `"order_id":${deep(5000)}`),
    reason: /^field 'order_id' must be an integer, got \[\[\[/,
  },
  // the reason embedded the whole value: the dead-letter item exceeded 400 KB and its write failed
  { before: 700, line: order(9002, { order_id: '7'.repeat(500_000) }), reason: /a string of 500,000 chars/ },
  // over Kinesis's 1 MiB: the whole ingest failed
  {
    before: 1200,
    line: order(9003, { customer: 'x'.repeat(1_200_000) }),
    reason: /line of 1,200,1\d\d bytes does not fit in a Kinesis record/,
  },
  // json_get's JSON.stringify throws RangeError inside the WHERE clause: the batch failed forever
  {
    before: 1800,
    line: order(9004, { customer: `{"x":${deep(50_000)}}` }),
    reason: /^RangeError: Maximum call stack size exceeded/,
  },
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-poison-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('poison records never stall a shard (I8, sluice run on the embedded stack)', () => {
  it('dead-letters each with a capped reason at its line; the rest equals DuckDB', {
    timeout: 300_000,
  }, async () => {
    const good = await goldenOrders(GOOD);
    const lines: string[] = [];
    const expected: { line: number; reason: RegExp }[] = [];
    good.forEach((l, k) => {
      for (const b of BAD.filter((x) => x.before === k)) {
        lines.push(b.line);
        expected.push({ line: lines.length, reason: b.reason });
      }
      lines.push(l);
    });
    const { code, stderr, summary, rows, oracle, input } = await runPoisoned(dir, lines, good);
    expect(code, stderr.slice(-3000)).toBe(0);
    expect(summary.ingested).toBe(GOOD + BAD.length);
    expect(summary.deadLettered).toBe(BAD.length);
    const letters = [...summary.deadLetters].sort(
      (a, b) => Number(a.position.split(':').at(-1)) - Number(b.position.split(':').at(-1)),
    );
    expect(letters.map((d) => d.position)).toEqual(expected.map((e) => `${input}:${e.line}`));
    letters.forEach((d, i) => {
      expect(d.stage).toBe('s1');
      expect(d.reason).toMatch(expected[i]!.reason);
      expect(d.reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    });

    expect(oracle.length).toBeGreaterThan(5);
    expect(rows).toEqual(oracle);
  });
});

describe('dead-letter items always fit DynamoDB (DynamoDB Local)', () => {
  const env = emulatorsForFile();
  const createTable = (table: string) =>
    env.dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  const huge = (order: string) => ({
    stage: 's1',
    shardId: 'shardId-000000000000',
    seq: '42',
    index: 0,
    reason: `field 'order_id' must be an integer, got "${'7'.repeat(500_000)}"`,
    raw: `{"order_id":"${order}"}`,
    position: 'in.jsonl:3',
    at: '2026-01-01T00:00:00.000Z',
  });

  it('keeps a capped reason and a prefix of a huge raw input with its size and sha256', async () => {
    const table = 'sluice-poison-dlq';
    await createTable(table);
    const letter = huge('7'.repeat(900_000));
    const raw = letter.raw;
    await writeDeadLetters(env.dynamo, table, [letter, { ...letter, index: 1, raw: 'small', reason: 'r' }]);
    const [big, small] = await listDeadLetters(env.dynamo, table, 's1');
    expect(big!.reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(big!.reason).toContain('chars in all');
    expect(Buffer.byteLength(big!.raw)).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(raw.startsWith(big!.raw)).toBe(true);
    expect(big!.rawBytes).toBe(raw.length);
    expect(big!.rawSha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(small).toMatchObject({ raw: 'small', reason: 'r' });
    expect(small!.rawSha256).toBeUndefined();
  });

  it('sluice dlq replay refuses an entry whose raw input was cut (it would send a prefix)', async () => {
    const spec = tumblePipeline({ name: 'poison-replay' });
    await createTable(resourceNames.table(spec.name));
    await writeDeadLetters(env.dynamo, resourceNames.table(spec.name), [huge('8'.repeat(200_000))]);
    const lambda = makeLambda({ endpoint: env.stack.endpoint });
    const out = await replayDeadLetters({
      dynamo: env.dynamo,
      kinesis: env.kinesis,
      lambda,
      pipeline: spec.name,
      spec,
    });
    lambda.destroy();
    expect(out.replayed).toEqual([]);
    expect(out.skipped.map((x) => x.reason)).toEqual([
      expect.stringMatching(/^not replayable as kept: only the first bytes of its 200015 bytes were kept/),
    ]);
  });
});
