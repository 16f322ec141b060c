import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll } from 'vitest';
import { type PipelineSpec, resourceNames } from '../../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis } from '../../../functions/aws/clients.ts';
import { handleWith } from '../../../functions/handler.ts';
import { createStageContext, type StageContext } from '../../../functions/runtime/stage-context.ts';
import type { KinesisEventRecord } from '../../../functions/wire/kinesis-event.ts';
import { inputStreamName, stageById } from '../../../functions/wire/topology.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';

/** DynamoDB Local + kinesalite behind one endpoint (the embedded local stack, without Lambda). */
export async function startEmulators(): Promise<{
  stack: LocalStack;
  dynamo: DynamoDBClient;
  kinesis: KinesisClient;
}> {
  const stack = await startLocalStack({ port: 0, lambda: false });
  return {
    stack,
    dynamo: makeDynamo({ endpoint: stack.endpoint }),
    kinesis: makeKinesis({ endpoint: stack.endpoint }),
  };
}

/**
 * Starts the emulators before the calling file's tests and stops them after; the returned object's
 * fields are set once `beforeAll` ran.
 */
export function emulatorsForFile(): { stack: LocalStack; dynamo: DynamoDBClient; kinesis: KinesisClient } {
  const env = {} as { stack: LocalStack; dynamo: DynamoDBClient; kinesis: KinesisClient };
  beforeAll(async () => {
    Object.assign(env, await startEmulators());
  });
  afterAll(async () => {
    env.dynamo?.destroy();
    env.kinesis?.destroy();
    await env.stack?.stop();
  });
  return env;
}

/** Creates the pipeline's table and internal streams, as deploy would. */
export async function deployPipeline(
  spec: PipelineSpec,
  dynamo: DynamoDBClient,
  kinesis: KinesisClient,
): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      TableName: resourceNames.table(spec.name),
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
  for (const s of spec.streams) {
    const name = resourceNames.stream(spec.name, s.id);
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: s.shards }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: name });
  }
}

export async function shardIds(kinesis: KinesisClient, stream: string): Promise<string[]> {
  const res = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  return (res.Shards ?? []).map((s) => s.ShardId ?? '').sort();
}

/** Every record of a shard, from TRIM_HORIZON, as the Lambda event records an ESM would deliver. */
export async function readShard(
  kinesis: KinesisClient,
  stream: string,
  shardId: string,
): Promise<KinesisEventRecord[]> {
  let it = (
    await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
  ).ShardIterator;
  const out: KinesisEventRecord[] = [];
  while (it) {
    const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
    for (const r of res.Records ?? []) {
      out.push({
        eventID: `${shardId}:${r.SequenceNumber}`,
        eventSourceARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`,
        kinesis: {
          data: Buffer.from(r.Data ?? new Uint8Array()).toString('base64'),
          sequenceNumber: r.SequenceNumber ?? '',
          partitionKey: r.PartitionKey ?? '',
          approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
        },
      });
    }
    if ((res.Records ?? []).length === 0) break;
    it = res.NextShardIterator;
  }
  return out;
}

export const kinesisEvent = (records: readonly KinesisEventRecord[]) => ({
  Records: records.map((r) => ({
    ...r,
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventName: 'aws:kinesis:record',
    awsRegion: 'us-east-1',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/x',
    eventSourceARN: r.eventSourceARN,
    kinesis: { ...r.kinesis, kinesisSchemaVersion: '1.0' },
  })),
});

/** One warm "container" per stage. */
export class PipelineDriver {
  private readonly contexts = new Map<string, StageContext>();

  constructor(
    readonly spec: PipelineSpec,
    readonly dynamo: DynamoDBClient,
    readonly kinesis: KinesisClient,
  ) {}

  get table(): string {
    return resourceNames.table(this.spec.name);
  }

  context(stageId: string, dynamo: DynamoDBClient = this.dynamo): StageContext {
    if (dynamo !== this.dynamo) {
      return createStageContext({
        spec: this.spec,
        stageId,
        table: this.table,
        dynamo,
        kinesis: this.kinesis,
      });
    }
    let ctx = this.contexts.get(stageId);
    if (!ctx) {
      ctx = createStageContext({
        spec: this.spec,
        stageId,
        table: this.table,
        dynamo,
        kinesis: this.kinesis,
      });
      this.contexts.set(stageId, ctx);
    }
    return ctx;
  }

  inputStream(stageId: string): string {
    return inputStreamName(this.spec, stageById(this.spec, stageId));
  }

  /** Delivers every record (a fresh cold container per invocation with `cold`) of every shard of the stage's input, in batches of `batchSize` (skips are the handler's job). */
  async drain(stageId: string, batchSize = 3, opts: { cold?: boolean } = {}): Promise<void> {
    const stream = this.inputStream(stageId);
    for (const shard of await shardIds(this.kinesis, stream)) {
      const records = await readShard(this.kinesis, stream, shard);
      for (let i = 0; i < records.length; i += batchSize) {
        const ctx = opts.cold
          ? createStageContext({
              spec: this.spec,
              stageId,
              table: this.table,
              dynamo: this.dynamo,
              kinesis: this.kinesis,
            })
          : this.context(stageId);
        await handleWith(ctx, kinesisEvent(records.slice(i, i + batchSize)));
      }
    }
  }
}
