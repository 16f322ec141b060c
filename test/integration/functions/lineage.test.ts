import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamSummaryCommand,
  type KinesisClient,
  MergeShardsCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { ingestFile } from '../../../functions/connectors/file-ingest.ts';
import { assembleFileSink } from '../../../functions/connectors/file-sink-assemble.ts';
import { handleWith } from '../../../functions/handler.ts';
import { listCheckpoints, loadCheckpoint } from '../../../functions/state/checkpoint-store.ts';
import { keyGroupHashKey } from '../../../functions/wire/routing.ts';
import type { LocalStack } from '../../../localstack/index.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import { deployPipeline, kinesisEvent, PipelineDriver, startEmulators } from './harness.ts';
import { allShards, drainStage, pending, runShard } from './lineage-harness.ts';

const BASE = Date.UTC(2024, 0, 1);

interface Order {
  id: number;
  user: string;
  amount: number;
  ts: number;
}

const orders = (n: number): Order[] =>
  Array.from({ length: n }, (_, i) => ({ id: i, user: `u${i % 5}`, amount: i % 7, ts: BASE + i * 1500 }));

/** The oracle: tumble(60 s) count/sum by user over amount > 0, as sorted JSON lines. */
function expectedWindows(rows: Order[]): string[] {
  const groups = new Map<string, { user: string; n: number; total: number; start: number }>();
  for (const r of rows) {
    if (!(r.amount > 0)) continue;
    const start = Math.floor(r.ts / 60_000) * 60_000;
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

async function waitActive(kinesis: KinesisClient, stream: string): Promise<void> {
  await waitUntil(
    `${stream} to become ACTIVE`,
    async () =>
      (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary
        ?.StreamStatus === 'ACTIVE',
    { pauseMs: 10 },
  );
}

const TWO_128 = 1n << 128n;

describe('I5 lineage: resharding an internal stream mid-run (DynamoDB Local + kinesalite)', () => {
  let stack: LocalStack;
  let dynamo: DynamoDBClient;
  let kinesis: KinesisClient;
  let dir: string;

  beforeAll(async () => {
    ({ stack, dynamo, kinesis } = await startEmulators());
    dir = mkdtempSync(join(tmpdir(), 'sluice-lineage-'));
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(name: string, data: Order[]) {
    const sourcePath = join(dir, `${name}.jsonl`);
    writeFileSync(sourcePath, data.map((o) => JSON.stringify(o)).join('\n'));
    const spec = tumblePipeline({ name, sourcePath, sinkPath: join(dir, `${name}.out.jsonl`), p1: 2, p2: 2 });
    await deployPipeline(spec, dynamo, kinesis);
    const driver = new PipelineDriver(spec, dynamo, kinesis);
    await ingestFile({ spec, stageId: 's1', kinesis, streamName: driver.inputStream('s1'), chunkBytes: 600 });
    return { spec, driver, edge: driver.inputStream('s2') };
  }

  /** Runs s1 over the next `fraction` of each ingest shard's records; returns refusal codes. */
  async function s1Part(driver: PipelineDriver, fraction: number): Promise<string[]> {
    const refused: string[] = [];
    for (const s of await allShards(kinesis, driver.inputStream('s1'))) {
      const n = (await pending(driver, 's1', s.ShardId!)).length;
      refused.push(...(await runShard(driver, 's1', s.ShardId!, { limit: Math.ceil(n * fraction) })));
    }
    return refused;
  }

  async function sinkLines(spec: PipelineSpec, driver: PipelineDriver): Promise<string[]> {
    await assembleFileSink({ spec, stageId: 's2', dynamo, kinesis, table: driver.table });
    const out = spec.stages[1]!.output;
    const path = out.kind === 'sink' && out.sink.kind === 'single_file' ? out.sink.path : '';
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .sort();
  }

  it('split then merge mid-run: child refused before its parent drains, then inherits; output equals the oracle', async () => {
    const data = orders(400);
    const { spec, driver, edge } = await setup('split-merge', data);
    await s1Part(driver, 0.25);
    await drainStage(driver, 's2');
    await s1Part(driver, 1 / 3); // pending in the parents when the split happens
    const [first] = await allShards(kinesis, edge);
    const lo = BigInt(first!.HashKeyRange!.StartingHashKey!);
    const hi = BigInt(first!.HashKeyRange!.EndingHashKey!);
    await kinesis.send(
      new SplitShardCommand({
        StreamName: edge,
        ShardToSplit: first!.ShardId!,
        NewStartingHashKey: ((lo + hi + 1n) / 2n).toString(),
      }),
    );
    await waitActive(kinesis, edge);
    // s1's cached shard map is stale: its first puts land in the children and are refused.
    const refusedS1 = await s1Part(driver, 0.5);
    expect(refusedS1).toContain('SHARD_MAP_CHANGED');

    const shards = await allShards(kinesis, edge);
    const children = shards.filter((s) => s.ParentShardId === first!.ShardId);
    expect(children).toHaveLength(2);
    // The upper child owns key groups 4–7 (users u1, u3, u4 with K = 16): it has state to inherit.
    const child = children.sort((a, b) =>
      BigInt(a.HashKeyRange!.StartingHashKey!) < BigInt(b.HashKeyRange!.StartingHashKey!) ? -1 : 1,
    )[1]!;
    const childRecords = await pending(driver, 's2', child.ShardId!);
    expect(childRecords.length).toBeGreaterThan(0);
    expect((await pending(driver, 's2', first!.ShardId!)).length).toBeGreaterThan(0);
    // The child before its parent is drained: refused with a stable code, nothing committed.
    await expect(
      handleWith(driver.context('s2'), kinesisEvent(childRecords.slice(0, 2))),
    ).rejects.toMatchObject({
      code: 'LINEAGE_NOT_READY',
    });
    expect((await loadCheckpoint(dynamo, driver.table, 's2', child.ShardId!)).epoch).toBe(0);
    // Parent drained → the child succeeds and inherits.
    await runShard(driver, 's2', first!.ShardId!);
    expect(await runShard(driver, 's2', child.ShardId!)).toEqual([]);
    const parentCp = await loadCheckpoint(dynamo, driver.table, 's2', first!.ShardId!);
    expect(parentCp.doc.closed).toBe(true);
    const childCp = await loadCheckpoint(dynamo, driver.table, 's2', child.ShardId!);
    expect(childCp.doc.lineage?.parents).toEqual([first!.ShardId]);
    // Key-group state moved with the key groups: only groups in the child's range, pages of the parent.
    const range = [BigInt(child.HashKeyRange!.StartingHashKey!), BigInt(child.HashKeyRange!.EndingHashKey!)];
    for (const kg of Object.keys(childCp.doc.kg).map(Number)) {
      const h = BigInt(keyGroupHashKey(kg, spec.keyGroups));
      expect(h >= range[0]! && h <= range[1]!).toBe(true);
    }
    // The parent left open windows for key groups the child now owns: the child inherited them (the
    // oracle comparison below proves they were counted).
    const inherited = Object.keys(parentCp.doc.kg)
      .map(Number)
      .filter((kg) => {
        const h = BigInt(keyGroupHashKey(kg, spec.keyGroups));
        return h >= range[0]! && h <= range[1]!;
      });
    expect(inherited.length).toBeGreaterThan(0);

    // Merge the upper child with its right neighbour while both still have pending records.
    await drainStage(driver, 's2');
    const open = (await allShards(kinesis, edge))
      .filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined)
      .sort((a, b) =>
        BigInt(a.HashKeyRange!.StartingHashKey!) < BigInt(b.HashKeyRange!.StartingHashKey!) ? -1 : 1,
      );
    expect(open).toHaveLength(3);
    await s1Part(driver, 0.5);
    await kinesis.send(
      new MergeShardsCommand({
        StreamName: edge,
        ShardToMerge: open[1]!.ShardId!,
        AdjacentShardToMerge: open[2]!.ShardId!,
      }),
    );
    await waitActive(kinesis, edge);
    await s1Part(driver, 1);
    await drainStage(driver, 's1');
    const refused = await drainStage(driver, 's2');
    const merged = (await allShards(kinesis, edge)).find((s) => s.AdjacentParentShardId !== undefined)!;
    const mergedCp = await loadCheckpoint(dynamo, driver.table, 's2', merged.ShardId!);
    expect(mergedCp.doc.lineage?.parents).toEqual([open[1]!.ShardId, open[2]!.ShardId].sort());
    expect(mergedCp.doc.eos).toBe(true);
    expect(refused.every((c) => c === 'LINEAGE_NOT_READY')).toBe(true);

    expect(await sinkLines(spec, driver)).toEqual(expectedWindows(data));
    const cps = await listCheckpoints(dynamo, driver.table, 's2');
    expect(cps.filter((cp) => cp.doc.closed).map((cp) => cp.shardId)).toEqual(
      [first!.ShardId!, open[1]!.ShardId!, open[2]!.ShardId!].sort(),
    );
    expect(cps.filter((cp) => !cp.doc.closed).every((cp) => cp.doc.eos)).toBe(true);
  });

  it('UpdateShardCount 2 → 3 then 3 → 2 mid-run: output equals the oracle', async () => {
    const data = orders(450);
    const { spec, driver, edge } = await setup('rescale', data);
    await s1Part(driver, 0.3);
    await drainStage(driver, 's2');
    await s1Part(driver, 0.3);
    await kinesis.send(
      new UpdateShardCountCommand({ StreamName: edge, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    await s1Part(driver, 0.5);
    await drainStage(driver, 's2');
    await s1Part(driver, 0.5);
    await kinesis.send(
      new UpdateShardCountCommand({ StreamName: edge, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }),
    );
    await drainStage(driver, 's1');
    await drainStage(driver, 's2');
    const open = (await allShards(kinesis, edge)).filter(
      (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
    );
    expect(open).toHaveLength(2);
    expect(open.every((s) => BigInt(s.HashKeyRange!.StartingHashKey!) % (TWO_128 / 2n) === 0n)).toBe(true);
    expect(await sinkLines(spec, driver)).toEqual(expectedWindows(data));
    const cps = await listCheckpoints(dynamo, driver.table, 's2');
    for (const s of open) expect(cps.find((cp) => cp.shardId === s.ShardId)?.doc.eos).toBe(true);
    // Rows were counted once: the live shards' inputs plus the closed ones' equal the filtered rows.
    expect(cps.reduce((n, cp) => n + cp.doc.stats.in, 0)).toBe(data.filter((o) => o.amount > 0).length);
  });
});
