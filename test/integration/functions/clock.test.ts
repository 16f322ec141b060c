import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  type KinesisClient,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineSpec, parsePipelineSpec } from '../../../compiler/spec/index.ts';
import { assembleFileSink } from '../../../functions/connectors/file-sink-assemble.ts';
import { CommitConflictError } from '../../../functions/errors.ts';
import { handleWith } from '../../../functions/handler.ts';
import { createClock, runClock } from '../../../functions/runtime/clock-tick.ts';
import {
  checkpointItem,
  commitCheckpoint,
  listCheckpoints,
  loadCheckpoint,
} from '../../../functions/state/checkpoint-store.ts';
import type { LocalStack } from '../../../localstack/index.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import { deployPipeline, kinesisEvent, PipelineDriver, startEmulators } from './harness.ts';
import { allShards, drainStage, pending, runShard } from './lineage-harness.ts';

const BASE = Date.UTC(2024, 0, 1);
const IDLE_MS = 5_000;

interface Order {
  id: number;
  user: string;
  amount: number;
  ts: number;
}
const orders = (from: number, to: number): Order[] =>
  Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return { id: i, user: `u${i % 5}`, amount: i % 7, ts: BASE + i * 1500 };
  });

/** Tumble(60 s) count/sum by user over amount > 0 for windows ending at or before `wm`. */
function expectedClosed(rows: Order[], wm: number): string[] {
  const groups = new Map<string, { user: string; n: number; total: number; start: number }>();
  for (const r of rows) {
    if (!(r.amount > 0)) continue;
    const start = Math.floor(r.ts / 60_000) * 60_000;
    if (start + 60_000 > wm) continue;
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

/** s1: a 2-shard kinesis source (idle_micros = 5 s) → filter → shuffle by user; s2: tumble count/sum → file. */
function kinesisTumble(name: string, sourceStream: string, sinkPath: string): PipelineSpec {
  const base = tumblePipeline({ name, sinkPath, p1: 2, p2: 1 });
  const s1 = base.stages[0]!;
  if (s1.input.kind !== 'source') throw new Error('fixture changed');
  const {
    path: _path,
    kind: _kind,
    ...common
  } = s1.input.source as typeof s1.input.source & { path: string };
  return parsePipelineSpec({
    ...base,
    streams: base.streams.filter((s) => s.kind !== 'ingest'),
    stages: [
      {
        ...s1,
        input: {
          kind: 'source',
          stream: sourceStream,
          source: {
            ...common,
            kind: 'kinesis',
            streamName: sourceStream,
            offset: 'earliest',
            idleMs: IDLE_MS,
          },
        },
      },
      base.stages[1],
    ],
  });
}

/** A DynamoDB client whose checkpoint commits wait at a gate (signalling when they get there). */
function gateCommits(real: DynamoDBClient, gate: Promise<void>, reached: () => void): DynamoDBClient {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (cmd: unknown) => {
        if (cmd instanceof PutItemCommand && cmd.input.Item?.pk?.S?.startsWith('CP#')) {
          reached();
          await gate;
        }
        return target.send(cmd as never);
      };
    },
  }) as DynamoDBClient;
}

function latch() {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe('I6 clock on DynamoDB Local + kinesalite', () => {
  let stack: LocalStack;
  let dynamo: DynamoDBClient;
  let kinesis: KinesisClient;
  let dir: string;

  beforeAll(async () => {
    ({ stack, dynamo, kinesis } = await startEmulators());
    dir = mkdtempSync(join(tmpdir(), 'sluice-clock-'));
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(name: string) {
    const source = `user-${name}`;
    await kinesis.send(new CreateStreamCommand({ StreamName: source, ShardCount: 2 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: source });
    const spec = kinesisTumble(name, source, join(dir, `${name}.out.jsonl`));
    await deployPipeline(spec, dynamo, kinesis);
    const driver = new PipelineDriver(spec, dynamo, kinesis);
    const [busy, idle] = (await allShards(kinesis, source)).map((s) => s.ShardId!);
    /** Puts events into the first shard only (hash key 0); the second never gets data. */
    const put = async (rows: Order[]) => {
      await kinesis.send(
        new PutRecordsCommand({
          StreamName: source,
          Records: rows.map((r) => ({
            Data: new TextEncoder().encode(JSON.stringify(r)),
            PartitionKey: String(r.id),
            ExplicitHashKey: '0',
          })),
        }),
      );
    };
    const sink = async () => {
      await assembleFileSink({ spec, stageId: 's2', dynamo, kinesis, table: driver.table });
      return readFileSync(join(dir, `${name}.out.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .sort();
    };
    return { spec, driver, busy: busy!, idle: idle!, put, sink };
  }

  it('a source shard that gets no data holds windows back until the clock advances it after idle_micros', async () => {
    const { spec, driver, busy, idle, put, sink } = await setup('idle');
    const rows = orders(0, 200);
    await put(rows);
    await runShard(driver, 's1', busy, { batch: 50 });
    await drainStage(driver, 's2');
    expect(await sink()).toEqual([]); // the idle shard's watermark is −∞: nothing may close

    const t0 = Date.UTC(2030, 0, 1);
    const opts = { spec, table: driver.table, dynamo, kinesis };
    const first = await runClock({ ...opts, nowMs: t0 });
    expect(first.find((r) => r.shardId === idle)?.result).toMatchObject({ kind: 'idle-since', since: t0 });
    expect((await runClock({ ...opts, nowMs: t0 + IDLE_MS - 1 })).map((r) => r.result.kind)).toEqual([
      'skipped',
      'skipped',
    ]);
    const advanced = await runClock({ ...opts, nowMs: t0 + IDLE_MS });
    const busyCp = await loadCheckpoint(dynamo, driver.table, 's1', busy);
    expect(advanced.find((r) => r.shardId === idle)?.result).toMatchObject({
      kind: 'advanced',
      watermark: busyCp.doc.wm,
    });
    const idleCp = await loadCheckpoint(dynamo, driver.table, 's1', idle);
    expect(idleCp.doc.idleWm).toBe(busyCp.doc.wm);
    expect(idleCp.doc.seq).toBe('0'); // a tick never changes progress

    await drainStage(driver, 's2');
    const lines = await sink();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(expectedClosed(rows, busyCp.doc.wm));
  });

  it('a tick racing an invocation on the same shard: one commit per epoch, no row counted twice', async () => {
    const { spec, driver, busy, idle, put, sink } = await setup('race');
    const opts = { spec, table: driver.table, dynamo, kinesis };
    await put(orders(0, 100));
    await runShard(driver, 's1', busy, { batch: 40 });
    const t0 = Date.UTC(2030, 0, 1);

    // 1. The tick decides (nothing pending) and stops at its commit; records arrive; an invocation
    //    reads the same epoch and stops at its commit too. The tick commits first: the invocation
    //    loses with COMMIT_CONFLICT, its retry commits, and its emitted duplicates are deduped.
    const tickGate = latch();
    const tickAt = latch();
    const tick = createClock({ ...opts, dynamo: gateCommits(dynamo, tickGate.promise, tickAt.open) });
    const before = await loadCheckpoint(dynamo, driver.table, 's1', busy);
    const ticking = tick.tick('s1', busy, t0); // first quiet observation: commit idleSince
    await tickAt.promise;
    await put(orders(100, 160));
    const invGate = latch();
    const invAt = latch();
    const records = await pending(driver, 's1', busy);
    const inv = handleWith(
      driver.context('s1', gateCommits(dynamo, invGate.promise, invAt.open)),
      kinesisEvent(records),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    await invAt.promise;
    tickGate.open();
    expect(await ticking).toMatchObject({ kind: 'idle-since', since: t0 });
    invGate.open();
    expect(await inv).toBeInstanceOf(CommitConflictError);
    const afterTick = await loadCheckpoint(dynamo, driver.table, 's1', busy);
    expect(afterTick.epoch).toBe(before.epoch + 1);
    expect(afterTick.doc.seq).toBe(before.doc.seq);
    await runShard(driver, 's1', busy, { batch: 1000 }); // the mapping's retry, one batch
    const afterRetry = await loadCheckpoint(dynamo, driver.table, 's1', busy);
    expect(afterRetry.epoch).toBe(before.epoch + 2);
    expect(afterRetry.doc.idleSince).toBeUndefined(); // data arrived: no longer idle

    // 2. The other order: the invocation commits first, the tick's commit is refused and it emits nothing.
    await runClock({ ...opts, nowMs: t0 + 2 }); // the idle shard: idle since t0 + 2
    await put(orders(160, 200));
    const tick2Gate = latch();
    const tick2At = latch();
    const tick2 = createClock({ ...opts, dynamo: gateCommits(dynamo, tick2Gate.promise, tick2At.open) });
    const idleBefore = await loadCheckpoint(dynamo, driver.table, 's1', idle);
    expect(idleBefore.doc.idleSince).toBe(t0 + 2);
    const racing = tick2.tick('s1', idle, t0 + 2 + IDLE_MS); // advance the idle shard…
    await tick2At.promise;
    // …while a (zombie-like) second writer commits the idle shard's checkpoint first.
    const { item } = checkpointItem('s1', idle, idleBefore.epoch + 1, {
      ...idleBefore.doc,
      idleSince: t0 + 3,
    });
    await commitCheckpoint(dynamo, driver.table, 's1', idle, idleBefore.epoch, item);
    tick2Gate.open();
    expect(await racing).toEqual({ kind: 'conflict', epoch: idleBefore.epoch });
    expect((await loadCheckpoint(dynamo, driver.table, 's1', idle)).doc.idleWm).toBeUndefined();

    await runShard(driver, 's1', busy);
    const done = await runClock({ ...opts, nowMs: t0 + 3 + IDLE_MS });
    expect(done.find((r) => r.shardId === idle)?.result.kind).toBe('advanced');
    await drainStage(driver, 's2');
    const busyCp = await loadCheckpoint(dynamo, driver.table, 's1', busy);
    const all = orders(0, 200);
    expect(await sink()).toEqual(expectedClosed(all, busyCp.doc.wm));
    const [s2] = await listCheckpoints(dynamo, driver.table, 's2');
    expect(s2!.doc.stats.in).toBe(all.filter((o) => o.amount > 0).length); // every row exactly once
    expect(s2!.doc.stats.dup).toBeGreaterThan(0); // the losing invocation's outputs were deduped
  });
});
