import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  type Shard,
  UpdateShardCountCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKinesis } from '../../../functions/aws/clients.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';

const POW_128 = 2n ** 128n;

function openShards(shards: Shard[]): Shard[] {
  return shards
    .filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined)
    .sort((a, b) =>
      BigInt(a.HashKeyRange!.StartingHashKey!) < BigInt(b.HashKeyRange!.StartingHashKey!) ? -1 : 1,
    );
}

/** Every open shard's range is the uniform one, and together they cover the whole key space. */
function expectUniform(shards: Shard[], n: number): void {
  const open = openShards(shards);
  expect(open).toHaveLength(n);
  const width = POW_128 / BigInt(n);
  open.forEach((s, i) => {
    expect(BigInt(s.HashKeyRange!.StartingHashKey!)).toBe(width * BigInt(i));
    expect(BigInt(s.HashKeyRange!.EndingHashKey!)).toBe(
      i === n - 1 ? POW_128 - 1n : width * BigInt(i + 1) - 1n,
    );
  });
}

/** Every shard that is not an original has parents that exist and together cover exactly its range. */
function expectLineage(shards: Shard[]): void {
  const byId = new Map(shards.map((s) => [s.ShardId!, s]));
  for (const s of shards) {
    if (!s.ParentShardId) continue;
    const parents = [s.ParentShardId, s.AdjacentParentShardId]
      .filter((p): p is string => !!p)
      .map((p) => byId.get(p)!);
    for (const p of parents) expect(p.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
    const starts = parents
      .map((p) => BigInt(p.HashKeyRange!.StartingHashKey!))
      .sort((a, b) => (a < b ? -1 : 1));
    const ends = parents.map((p) => BigInt(p.HashKeyRange!.EndingHashKey!)).sort((a, b) => (a < b ? -1 : 1));
    const lo = starts[0]!;
    const hi = ends[ends.length - 1]!;
    const start = BigInt(s.HashKeyRange!.StartingHashKey!);
    const end = BigInt(s.HashKeyRange!.EndingHashKey!);
    if (parents.length === 2) {
      expect([start, end]).toEqual([lo, hi]); // merge: child covers both parents
    } else {
      expect(start >= lo && end <= hi).toBe(true); // split: child inside its parent
    }
  }
}

describe('Kinesis through the gateway', () => {
  let stack: LocalStack;
  let kinesis: KinesisClient;
  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, lambda: false });
    kinesis = makeKinesis({ endpoint: stack.endpoint });
  });
  afterAll(async () => {
    kinesis?.destroy();
    await stack?.stop();
  });

  it('creates a stream, puts and gets records', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'k1', ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'k1' });
    const put = await kinesis.send(
      new PutRecordsCommand({
        StreamName: 'k1',
        Records: Array.from({ length: 50 }, (_, i) => ({
          PartitionKey: `k${i}`,
          Data: Buffer.from(`r${i}`),
        })),
      }),
    );
    expect(put.FailedRecordCount).toBe(0);
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'k1',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(got.Records?.map((r) => Buffer.from(r.Data!).toString())).toEqual(
      Array.from({ length: 50 }, (_, i) => `r${i}`),
    );
  });

  it('addresses streams by StreamARN alone', async () => {
    const arn = 'arn:aws:kinesis:us-east-1:000000000000:stream/k1';
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }));
    expect(summary.StreamDescriptionSummary?.StreamARN).toBe(arn);
    const put = await kinesis.send(
      new PutRecordsCommand({
        StreamARN: arn,
        Records: [{ PartitionKey: 'a', Data: Buffer.from('via-arn') }],
      }),
    );
    expect(put.FailedRecordCount).toBe(0);
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamARN: arn,
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: put.Records![0]!.SequenceNumber!,
      }),
    );
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator, StreamARN: arn }));
    expect(Buffer.from(got.Records![0]!.Data!).toString()).toBe('via-arn');
    const shards = await kinesis.send(new ListShardsCommand({ StreamARN: arn }));
    expect(shards.Shards).toHaveLength(1);
  });

  it('UpdateShardCount 2 → 3 → 2 gives uniform layouts with correct lineage', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'k2', ShardCount: 2 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'k2' });
    const up = await kinesis.send(
      new UpdateShardCountCommand({ StreamName: 'k2', TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    expect(up).toMatchObject({ StreamName: 'k2', CurrentShardCount: 2, TargetShardCount: 3 });
    expect(up.StreamARN).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/k2');
    let shards = (await kinesis.send(new ListShardsCommand({ StreamName: 'k2' }))).Shards!;
    expectUniform(shards, 3);
    expectLineage(shards);

    const down = await kinesis.send(
      new UpdateShardCountCommand({
        StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/k2',
        TargetShardCount: 2,
        ScalingType: 'UNIFORM_SCALING',
      }),
    );
    expect(down).toMatchObject({ CurrentShardCount: 3, TargetShardCount: 2 });
    shards = (await kinesis.send(new ListShardsCommand({ StreamName: 'k2' }))).Shards!;
    expectUniform(shards, 2);
    expectLineage(shards);
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'k2' }));
    expect(summary.StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
    expect(summary.StreamDescriptionSummary?.OpenShardCount).toBe(2);

    const tooFar = await kinesis
      .send(
        new UpdateShardCountCommand({
          StreamName: 'k2',
          TargetShardCount: 5,
          ScalingType: 'UNIFORM_SCALING',
        }),
      )
      .catch((e: unknown) => e);
    expect((tooFar as { name: string }).name).toBe('InvalidArgumentException');
  });

  it('reaches a uniform layout through any series of 0.5x–2x steps', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'k3', ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'k3' });
    for (const n of [2, 4, 3, 5, 8, 4, 7]) {
      await kinesis.send(
        new UpdateShardCountCommand({
          StreamName: 'k3',
          TargetShardCount: n,
          ScalingType: 'UNIFORM_SCALING',
        }),
      );
      const shards = (await kinesis.send(new ListShardsCommand({ StreamName: 'k3' }))).Shards!;
      expectUniform(shards, n);
      expectLineage(shards);
    }
  });
});
