import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  type KinesisClient,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { makeS3 } from '../../../functions/aws/clients.ts';
import { stageObject } from '../../../functions/connectors/s3/s3-sink.ts';
import { finalKey, type SinkObjects, stagingKey } from '../../../functions/connectors/s3/s3-sink-keys.ts';
import { publishPendingSinks } from '../../../functions/connectors/s3/s3-sink-pending.ts';
import { handleWith } from '../../../functions/handler.ts';
import { createStageContext } from '../../../functions/runtime/stage-context.ts';
import { emptyCheckpointDoc } from '../../../functions/state/checkpoint.ts';
import {
  checkpointItem,
  commitCheckpoint,
  listCheckpoints,
} from '../../../functions/state/checkpoint-store.ts';
import { listDeadLetters } from '../../../functions/state/dead-letters.ts';
import type { LocalStack } from '../../../localstack/index.ts';
import { singleStagePipeline } from '../../unit/functions/fixtures.ts';
import { deployPipeline, kinesisEvent, readShard, shardIds, startEmulators } from './harness.ts';

/**
 * The filesystem sink's protocol (I7) against the embedded stack's S3 over HTTP: stage before the
 * commit, publish after it to a key fixed by (shard, epoch), heal a publish lost to a crash, sweep
 * staging objects that can never commit.
 */
const T0 = Date.UTC(2024, 0, 1);
const BUCKET = 'sink-test';

describe('filesystem (S3) sink', () => {
  let stack: LocalStack;
  let dynamo: DynamoDBClient;
  let kinesis: KinesisClient;
  let s3: S3Client;

  beforeAll(async () => {
    ({ stack, dynamo, kinesis } = await startEmulators());
    s3 = makeS3({ endpoint: stack.endpoint });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const keysUnder = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [])
      .map((c) => c.Key ?? '')
      .sort();
  const body = async (key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString()) ??
    '';

  it('one object per committed epoch at a key fixed by (shard, epoch); a replay writes nothing new', async () => {
    const spec = singleStagePipeline(
      'fsink',
      { kind: 'filesystem', table: 'out', bucket: BUCKET, prefix: 'lake/', format: 'json' },
      'fs-in',
    );
    await deployPipeline(spec, dynamo, kinesis);
    await kinesis.send(new CreateStreamCommand({ StreamName: 'fs-in', ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'fs-in' });
    const docs = [
      JSON.stringify({ k: 'a', v: 1, ts: T0 }),
      'not json',
      JSON.stringify({ k: 'b', v: 2, ts: T0 + 1 }),
      JSON.stringify({ k: 'c', v: 3, ts: T0 + 2 }),
    ];
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: 'fs-in',
        Records: docs.map((d) => ({ Data: new TextEncoder().encode(d), PartitionKey: 'p' })),
      }),
    );
    const [shard] = await shardIds(kinesis, 'fs-in');
    const records = await readShard(kinesis, 'fs-in', shard!);
    const ctx = () =>
      createStageContext({ spec, stageId: 's1', table: resourceNames.table(spec.name), dynamo, kinesis, s3 });
    await handleWith(ctx(), kinesisEvent(records.slice(0, 2)));
    await handleWith(ctx(), kinesisEvent(records.slice(2)));
    const expected = [
      `lake/fsink/s1/${shard}/000000000001.jsonl`,
      `lake/fsink/s1/${shard}/000000000002.jsonl`,
    ];
    expect(await keysUnder('lake/')).toEqual(expected);
    expect(await body(expected[0]!)).toBe('{"k":"a","v":1,"ts":"2024-01-01T00:00:00.000Z"}\n');
    expect((await body(expected[1]!)).split('\n')).toEqual([
      '{"k":"b","v":2,"ts":"2024-01-01T00:00:00.001Z"}',
      '{"k":"c","v":3,"ts":"2024-01-01T00:00:00.002Z"}',
      '',
    ]);
    // Redelivery of everything (a cold container): skipped below the committed seq, no new object.
    await handleWith(ctx(), kinesisEvent(records));
    expect(await keysUnder('lake/')).toEqual(expected);
    const letters = await listDeadLetters(dynamo, resourceNames.table(spec.name), 's1');
    expect(letters.map((l) => l.reason)).toEqual([expect.stringContaining('invalid JSON')]);
  });

  it('publishes a committed object whose publish a crash lost; sweeps losers, keeps in-flight attempts', async () => {
    const o: SinkObjects = { bucket: BUCKET, prefix: 'crash/', pipeline: 'p', stageId: 's2' };
    const spec = singleStagePipeline(
      'p',
      { kind: 'filesystem', table: 'out', bucket: BUCKET, prefix: 'crash/', format: 'json' },
      'unused',
    );
    const stage = { ...spec.stages[0]!, id: 's2' };
    const table = resourceNames.table('p');
    await deployPipeline({ ...spec, stages: [stage] }, dynamo, kinesis);
    const shard = 'shardId-000000000007';
    // Epoch 1: a zombie and the winner both staged; only the winner's key is committed.
    const loser = await stageObject(s3, o, shard, 1, 'zombie1', ['{"n":"zombie"}']);
    const winner = await stageObject(s3, o, shard, 1, 'winner1', ['{"n":1}', '{"n":2}']);
    const { item } = checkpointItem('s2', shard, 1, { ...emptyCheckpointDoc(), sinkPart: winner });
    await commitCheckpoint(dynamo, table, 's2', shard, 0, item);
    // Epoch 2 in flight: staged, not committed yet.
    const inFlight = await stageObject(s3, o, shard, 2, 'next2', ['{"n":3}']);
    const pendingSpec = { ...spec, stages: [stage] };

    const first = await publishPendingSinks({ spec: pendingSpec, table, dynamo, s3 });
    expect(first).toEqual({ published: 1, swept: 1 });
    expect(await body(finalKey(o, shard, 1))).toBe('{"n":1}\n{"n":2}\n');
    expect(await keysUnder('crash/')).toEqual([finalKey(o, shard, 1), inFlight].sort());
    expect(await keysUnder('crash/')).not.toContain(loser);
    expect(inFlight).toBe(stagingKey(o, shard, 2, 'next2'));

    // Idempotent: nothing left to publish or sweep, the object unchanged.
    expect(await publishPendingSinks({ spec: pendingSpec, table, dynamo, s3 })).toEqual({
      published: 0,
      swept: 0,
    });
    expect(await body(finalKey(o, shard, 1))).toBe('{"n":1}\n{"n":2}\n');
    const [cp] = await listCheckpoints(dynamo, table, 's2');
    expect(cp?.doc.sinkPart).toBe(winner);
  });
});
