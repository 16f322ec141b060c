import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  type KinesisClient,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { listCheckpoints } from '../../../functions/state/checkpoint-store.ts';
import { listDeadLetters } from '../../../functions/state/dead-letters.ts';
import { decodeEnvelope, envelopeRowIds } from '../../../functions/wire/envelope.ts';
import type { LocalStack } from '../../../localstack/index.ts';
import { singleStagePipeline } from '../../unit/functions/fixtures.ts';
import { deployPipeline, PipelineDriver, readShard, shardIds, startEmulators } from './harness.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('kinesis source, kinesis and preview sinks', () => {
  let stack: LocalStack;
  let dynamo: DynamoDBClient;
  let kinesis: KinesisClient;

  beforeAll(async () => {
    ({ stack, dynamo, kinesis } = await startEmulators());
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function userStream(name: string) {
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: name });
  }

  async function produce(stream: string) {
    const docs = [
      JSON.stringify({ k: 'a', v: 1, ts: T0 }),
      JSON.stringify({ k: 'b', v: 0, ts: T0 + 1 }),
      'not json',
      JSON.stringify({ k: 'c', v: 3, ts: new Date(T0 + 2).toISOString() }),
    ];
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: docs.map((d) => ({ Data: new TextEncoder().encode(d), PartitionKey: 'p' })),
      }),
    );
  }

  it('kinesis sink: one JSON row per record, partition key = row id, ISO timestamps; poison dead-lettered', async () => {
    await userStream('user-in-1');
    await userStream('user-out-1');
    const spec = singleStagePipeline(
      'ksink',
      { kind: 'kinesis', table: 'out', streamName: 'user-out-1', format: 'json' },
      'user-in-1',
    );
    await deployPipeline(spec, dynamo, kinesis);
    await produce('user-in-1');
    const driver = new PipelineDriver(spec, dynamo, kinesis);
    await driver.drain('s1', 2);
    await driver.drain('s1', 4); // replay: skipped
    const [shard] = await shardIds(kinesis, 'user-out-1');
    const out = await readShard(kinesis, 'user-out-1', shard!);
    expect(out.map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString()))).toEqual([
      { k: 'a', v: 1, ts: '2024-01-01T00:00:00.000Z' },
      { k: 'c', v: 3, ts: '2024-01-01T00:00:00.002Z' },
    ]);
    const [inShard] = await shardIds(kinesis, 'user-in-1');
    expect(out[0]!.kinesis.partitionKey).toMatch(new RegExp(`^s1:${inShard}:\\d+:0$`));
    const letters = await listDeadLetters(dynamo, resourceNames.table(spec.name), 's1');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.position).toMatch(new RegExp(`^user-in-1/${inShard}/\\d+$`));
    const [cp] = await listCheckpoints(dynamo, resourceNames.table(spec.name), 's1');
    expect(cp!.doc.stats).toMatchObject({ in: 4, out: 2, dlq: 1 });
    expect(cp!.doc.wm).toBe(T0 + 2 - 1000);
  });

  it('preview sink: envelopes on the preview stream, rows identified by envelopeRowIds', async () => {
    await userStream('user-in-2');
    const spec = singleStagePipeline('psink', { kind: 'preview', stream: 'preview' }, 'user-in-2');
    await deployPipeline(spec, dynamo, kinesis);
    await produce('user-in-2');
    const driver = new PipelineDriver(spec, dynamo, kinesis);
    await driver.drain('s1', 1);
    const stream = resourceNames.stream(spec.name, 'preview');
    const [shard] = await shardIds(kinesis, stream);
    const envs = (await readShard(kinesis, stream, shard!)).map((r) =>
      decodeEnvelope(Buffer.from(r.kinesis.data, 'base64')),
    );
    expect(envs.flatMap((e) => e.rows.map((r) => r[2]))).toEqual([
      { k: 'a', v: 1, ts: '2024-01-01T00:00:00.000Z' },
      { k: 'c', v: 3, ts: '2024-01-01T00:00:00.002Z' },
    ]);
    const ids = envs.flatMap((e) => envelopeRowIds(e));
    expect(new Set(ids).size).toBe(2);
  });
});
