import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineSpec, resourceNames } from '../../../compiler/spec/index.ts';
import { ingestFile } from '../../../functions/connectors/file-ingest.ts';
import { assembleFileSink } from '../../../functions/connectors/file-sink-assemble.ts';
import { CommitConflictError } from '../../../functions/errors.ts';
import { handler, handleWith } from '../../../functions/handler.ts';
import { listCheckpoints, loadCheckpoint, readFailure } from '../../../functions/state/checkpoint-store.ts';
import { listDeadLetters } from '../../../functions/state/dead-letters.ts';
import type { LocalStack } from '../../../localstack/index.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import {
  deployPipeline,
  kinesisEvent,
  PipelineDriver,
  readShard,
  shardIds,
  startEmulators,
} from './harness.ts';

const BASE = Date.UTC(2024, 0, 1);

interface Order {
  id: number;
  user: string;
  amount: number;
  ts: string | number;
}

function orders(n: number): Order[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    user: `u${i % 5}`,
    amount: i % 7,
    ts: i % 2 === 0 ? new Date(BASE + i * 1500).toISOString() : BASE + i * 1500,
  }));
}

/** The oracle: tumble(60 s) count/sum by user over amount > 0, as sorted JSON lines. */
function expectedWindows(rows: Order[]): string[] {
  const groups = new Map<string, { user: string; n: number; total: number; start: number }>();
  for (const r of rows) {
    if (!(r.amount > 0)) continue;
    const t = typeof r.ts === 'number' ? r.ts : Date.parse(r.ts);
    const start = Math.floor(t / 60_000) * 60_000;
    const key = `${r.user}|${start}`;
    const g = groups.get(key) ?? { user: r.user, n: 0, total: 0, start };
    g.n++;
    g.total += r.amount;
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) =>
      JSON.stringify({
        user: g.user,
        n: g.n,
        total: g.total,
        window_start: new Date(g.start).toISOString(),
        window_end: new Date(g.start + 60_000).toISOString(),
      }),
    )
    .sort();
}

const sinkLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .sort();

/** A DynamoDB client whose checkpoint commits can be held at a gate or made to crash. */
function interceptCommits(
  real: DynamoDBClient,
  opts: { crash?: boolean; gate?: Promise<void>; reached?: () => void },
) {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (cmd: unknown) => {
        if (cmd instanceof PutItemCommand && cmd.input.Item?.pk?.S?.startsWith('CP#')) {
          opts.reached?.();
          if (opts.gate) await opts.gate;
          if (opts.crash) throw new Error('injected crash before commit');
        }
        return target.send(cmd as never);
      };
    },
  }) as DynamoDBClient;
}

describe('stage runtime on DynamoDB Local + kinesalite', () => {
  let stack: LocalStack;
  let dynamo: DynamoDBClient;
  let kinesis: KinesisClient;
  let dir: string;

  beforeAll(async () => {
    ({ stack, dynamo, kinesis } = await startEmulators());
    dir = mkdtempSync(join(tmpdir(), 'sluice-fn-'));
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(name: string, data: string, opts: Parameters<typeof tumblePipeline>[0] = {}) {
    const sourcePath = join(dir, `${name}.jsonl`);
    writeFileSync(sourcePath, data);
    const spec = tumblePipeline({ name, sourcePath, sinkPath: join(dir, `${name}.out.jsonl`), ...opts });
    await deployPipeline(spec, dynamo, kinesis);
    const driver = new PipelineDriver(spec, dynamo, kinesis);
    await ingestFile({ spec, stageId: 's1', kinesis, streamName: driver.inputStream('s1'), chunkBytes: 600 });
    return { spec, driver };
  }

  async function finish(
    spec: PipelineSpec,
    driver: PipelineDriver,
    opts: { cold?: boolean; batch?: number } = {},
  ) {
    await driver.drain('s1');
    await driver.drain('s2', opts.batch ?? 3, opts);
    await assembleFileSink({ spec, stageId: 's2', dynamo, kinesis, table: driver.table });
    const sink = spec.stages[1]!.output;
    return sinkLines(sink.kind === 'sink' && sink.sink.kind === 'single_file' ? sink.sink.path : '');
  }

  it('runs a 2-stage tumble pipeline (2 → 2 shards) to the right window counts after eos', async () => {
    const data = orders(240);
    const { spec, driver } = await setup('tumble', data.map((o) => JSON.stringify(o)).join('\n'), {
      p1: 2,
      p2: 2,
    });
    const lines = await finish(spec, driver);
    expect(lines).toEqual(expectedWindows(data));
    const s2 = await listCheckpoints(dynamo, driver.table, 's2');
    expect(s2).toHaveLength(2);
    expect(s2.every((cp) => cp.doc.eos)).toBe(true);
    expect(s2.reduce((n, cp) => n + cp.doc.stats.out, 0)).toBe(lines.length);
    const s1 = await listCheckpoints(dynamo, driver.table, 's1');
    expect(s1.reduce((n, cp) => n + cp.doc.stats.in, 0)).toBe(240);
    expect(s1.every((cp) => cp.doc.stats.putUnits > 0 && cp.doc.stats.wcu > 0)).toBe(true);
  });

  it('skips a replayed batch (the exported handler, spec inline in the environment)', async () => {
    const { spec, driver } = await setup(
      'replay',
      orders(30)
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const stream = driver.inputStream('s1');
    const [shard] = await shardIds(kinesis, stream);
    const records = await readShard(kinesis, stream, shard!);
    Object.assign(process.env, {
      SLUICE_STAGE_ID: 's1',
      SLUICE_TABLE: driver.table,
      SLUICE_SPEC: JSON.stringify(spec),
      AWS_ENDPOINT_URL: stack.endpoint,
    });
    const event = kinesisEvent(records.slice(0, 4));
    expect(await handler(event, {})).toEqual({ batchItemFailures: [] });
    const edge = resourceNames.stream(spec.name, 'e1');
    const [edgeShard] = await shardIds(kinesis, edge);
    const before = (await readShard(kinesis, edge, edgeShard!)).length;
    const cp1 = await loadCheckpoint(dynamo, driver.table, 's1', shard!);
    expect(await handler(event, {})).toEqual({ batchItemFailures: [] });
    const cp2 = await loadCheckpoint(dynamo, driver.table, 's1', shard!);
    expect(cp2.epoch).toBe(cp1.epoch);
    expect(cp2.doc).toEqual(cp1.doc);
    expect((await readShard(kinesis, edge, edgeShard!)).length).toBe(before);
    for (const k of ['SLUICE_STAGE_ID', 'SLUICE_TABLE', 'SLUICE_SPEC']) delete process.env[k];
  });

  it('a re-batched retry after a crash before commit yields no duplicates downstream', async () => {
    const data = orders(120);
    const { spec, driver } = await setup('rebatch', data.map((o) => JSON.stringify(o)).join('\n'));
    const stream = driver.inputStream('s1');
    const [shard] = await shardIds(kinesis, stream);
    const records = await readShard(kinesis, stream, shard!);
    expect(records.length).toBeGreaterThan(8);
    const crashing = driver.context('s1', interceptCommits(dynamo, { crash: true }));
    await expect(handleWith(crashing, kinesisEvent(records.slice(0, 6)))).rejects.toThrow(/injected crash/);
    await handleWith(driver.context('s1'), kinesisEvent(records.slice(0, 2)));
    await handleWith(driver.context('s1'), kinesisEvent(records.slice(1, 8)));
    // s2 runs cold every invocation: its window state is reloaded from the committed pages each time
    expect(await finish(spec, driver, { cold: true, batch: 1 })).toEqual(expectedWindows(data));
    const [s2] = await listCheckpoints(dynamo, driver.table, 's2');
    expect(s2!.epoch).toBeGreaterThan(8); // the page sweeper ran
    const pages = await dynamo.send(
      new QueryCommand({
        TableName: driver.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `ST#s2#${s2!.shardId}` } },
      }),
    );
    // The sweep after epoch 8 deleted every page unreferenced at that commit; in this run every
    // earlier page was superseded by epoch 7, so only pages from epoch 7 on remain.
    const sks = (pages.Items ?? []).map((it) => it.sk?.S ?? '');
    expect(sks.length).toBeGreaterThan(0);
    expect(sks.filter((sk) => sk < '000000000007')).toEqual([]);
    expect(s2!.doc.stats.dup).toBeGreaterThan(0);
    expect(s2!.doc.stats.in).toBe(data.filter((o) => o.amount > 0).length);
  });

  it("refuses a stale writer's commit with CommitConflictError; its outputs are deduped downstream", async () => {
    const data = orders(120);
    const { spec, driver } = await setup('zombie', data.map((o) => JSON.stringify(o)).join('\n'));
    const stream = driver.inputStream('s1');
    const [shard] = await shardIds(kinesis, stream);
    const records = await readShard(kinesis, stream, shard!);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let reached!: () => void;
    const atCommit = new Promise<void>((r) => {
      reached = r;
    });
    const zombie = driver.context('s1', interceptCommits(dynamo, { gate, reached }));
    const zombieRun = handleWith(zombie, kinesisEvent(records.slice(0, 7)));
    await atCommit; // the zombie has emitted everything and is about to commit
    await handleWith(driver.context('s1'), kinesisEvent(records.slice(0, 3)));
    release();
    const err = await zombieRun.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CommitConflictError);
    expect((err as CommitConflictError).code).toBe('COMMIT_CONFLICT');
    expect(await finish(spec, driver)).toEqual(expectedWindows(data));
    const [s2] = await listCheckpoints(dynamo, driver.table, 's2');
    expect(s2!.doc.stats.dup).toBeGreaterThan(0);
  });

  it('dead-letters a poison line with reason and position while the rest flows', async () => {
    const data = orders(40);
    const text = data.map((o) => JSON.stringify(o));
    text.splice(4, 0, '{"id": 1, "user": "u1", oops');
    text.splice(9, 0, '{"id": "x", "user": "u1", "amount": 1, "ts": 0}');
    const { spec, driver } = await setup('poison', text.join('\n'));
    expect(await finish(spec, driver)).toEqual(expectedWindows(data));
    const letters = await listDeadLetters(dynamo, driver.table, 's1');
    expect(letters.map((d) => d.position)).toEqual([
      `${join(dir, 'poison.jsonl')}:5`,
      `${join(dir, 'poison.jsonl')}:10`,
    ]);
    expect(letters[0]!.reason).toMatch(/invalid JSON/);
    expect(letters[1]!.reason).toMatch(/'id' must be an integer/);
    expect(letters[0]!.raw).toContain('oops');
    const [s1] = await listCheckpoints(dynamo, driver.table, 's1');
    expect(s1!.doc.stats.dlq).toBe(2);
    expect(await listDeadLetters(dynamo, driver.table)).toHaveLength(2);
    expect(await readFailure(dynamo, driver.table)).toBeNull();
  });

  it("with bad_data = 'fail' writes PIPELINE/FAILURE naming file and line, and throws", async () => {
    const text = orders(10).map((o) => JSON.stringify(o));
    text.splice(2, 0, 'nope');
    const { driver } = await setup('failing', text.join('\n'), { badData: 'fail' });
    await expect(driver.drain('s1', 100)).rejects.toMatchObject({ code: 'BAD_DATA' });
    const failure = await readFailure(dynamo, driver.table);
    expect(failure).toMatchObject({ stage: 's1', position: `${join(dir, 'failing.jsonl')}:3` });
    expect(failure!.reason).toMatch(/invalid JSON/);
    expect(await listCheckpoints(dynamo, driver.table, 's1')).toEqual([]);
  });
});
