import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, type KinesisClient, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { type PipelineSpec, resourceNames, type StageSpec } from '../compiler/spec/index.ts';

export interface DeployLocalOptions {
  readonly spec: PipelineSpec;
  readonly zip: Uint8Array;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  readonly lambda: LambdaClient;
  /** Records per invocation. @default 500 */
  readonly batchSize?: number;
  /** @default 0 */
  readonly batchingWindowSeconds?: number;
  readonly onStep?: (step: string) => void;
}

/** The physical name of the stream a stage reads. A kinesis source reads the user's stream. */
export function inputStreamName(spec: PipelineSpec, stage: StageSpec): string {
  const input = stage.input;
  if (input.kind === 'source' && input.source.kind === 'kinesis') return input.source.streamName;
  return resourceNames.stream(spec.name, input.stream);
}

/**
 * Creates a pipeline's resources on the local stack through the AWS APIs: the state table, the
 * internal streams, one function per stage, one event source mapping per stage.
 */
export async function deployLocal(opts: DeployLocalOptions): Promise<void> {
  const { spec, dynamo, kinesis, lambda } = opts;
  const step = opts.onStep ?? (() => {});
  const table = resourceNames.table(spec.name);
  step(`table ${table}`);
  await dynamo.send(
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
  for (const stream of spec.streams) {
    const name = resourceNames.stream(spec.name, stream.id);
    step(`stream ${name} (${stream.shards} shard${stream.shards === 1 ? '' : 's'})`);
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: stream.shards }));
  }
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 60 }, { TableName: table });
  for (const stream of spec.streams) {
    const name = resourceNames.stream(spec.name, stream.id);
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: name });
  }
  for (const stage of spec.stages) {
    const fn = resourceNames.function(spec.name, stage.id);
    step(`function ${fn}: ${stage.label}`);
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: fn,
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/sluice-local',
        Code: { ZipFile: opts.zip },
        Timeout: 60,
        MemorySize: 1024,
        Environment: { Variables: { SLUICE_STAGE_ID: stage.id, SLUICE_TABLE: table } },
      }),
    );
    const source = stage.input.kind === 'source' ? stage.input.source : undefined;
    const startingPosition =
      source?.kind === 'kinesis' && source.offset === 'latest' ? 'LATEST' : 'TRIM_HORIZON';
    const streamArn = `arn:aws:kinesis:us-east-1:000000000000:stream/${inputStreamName(spec, stage)}`;
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn,
        EventSourceArn: streamArn,
        StartingPosition: startingPosition,
        BatchSize: opts.batchSize ?? 500,
        MaximumBatchingWindowInSeconds: opts.batchingWindowSeconds ?? 0,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: -1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  }
}
