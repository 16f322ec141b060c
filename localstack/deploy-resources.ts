import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  CreateFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import type { IntrinsicResolver } from './assembly/intrinsics.ts';
import type { CfnResource, CloudAssemblyStack } from './assembly/read-assembly.ts';
import { AssemblyError, LocalStackError } from './errors.ts';

/** What each step of `deployAssembly` works with. */
export interface DeployContext {
  readonly stack: CloudAssemblyStack;
  readonly resolver: IntrinsicResolver;
  readonly endpoint: string;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  readonly lambda: LambdaClient;
  readonly makeS3: () => S3Client;
  /** Tells the caller what is being created. */
  readonly step: (step: string) => void;
  /** Records something in the template the local stack does not create or enforce. */
  readonly note: (resource: string, type: string, reason: string) => void;
}

/** The template's resources of one type, with their logical ids. */
export const resourcesOfType = (ctx: DeployContext, type: string): [string, CfnResource][] =>
  Object.entries(ctx.stack.template.Resources).filter(([, r]) => r.Type === type);

const props = (r: CfnResource) => r.Properties ?? {};

/** An event source mapping reads a stream that is neither in the template nor on the local stack. */
export class AssemblyStreamMissingError extends LocalStackError {
  constructor(
    readonly streamName: string,
    readonly endpoint: string,
  ) {
    super(
      'ASSEMBLY_STREAM_MISSING',
      `the pipeline reads Kinesis stream '${streamName}', which does not exist on ${endpoint}. ` +
        `It is your stream (sluice never creates it): create it first, e.g. ` +
        `'aws --endpoint-url ${endpoint} kinesis create-stream --stream-name ${streamName} --shard-count 1'.`,
    );
  }
}

/** DynamoDB tables, created on-demand. */
export async function createTables(ctx: DeployContext): Promise<string[]> {
  const { resolver, step, note, dynamo } = ctx;
  const tables: string[] = [];
  for (const [id, r] of resourcesOfType(ctx, 'AWS::DynamoDB::Table')) {
    const p = props(r);
    const name = resolver.nameOf(id);
    step(`table ${name}`);
    await dynamo.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: resolver.resolve(p.KeySchema) as KeySchemaElement[],
        AttributeDefinitions: resolver.resolve(
          p.AttributeDefinitions,
        ) as CreateTableCommand['input']['AttributeDefinitions'],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    if (p.BillingMode !== 'PAY_PER_REQUEST')
      note(`${id}.BillingMode`, r.Type, 'created on-demand: DynamoDB Local has no capacity');
    if (p.PointInTimeRecoverySpecification)
      note(`${id}.PointInTimeRecoverySpecification`, r.Type, 'no point-in-time recovery locally');
    if (p.SSESpecification)
      note(`${id}.SSESpecification`, r.Type, 'no KMS locally: data is not encrypted at rest');
    tables.push(name);
  }
  return tables;
}

/** Buckets the stack owns (the mappings' on-failure bucket): the local S3 keeps what Lambda writes. */
export async function createBuckets(ctx: DeployContext): Promise<void> {
  const { resolver, step, note } = ctx;
  for (const [id, r] of resourcesOfType(ctx, 'AWS::S3::Bucket')) {
    const name = resolver.nameOf(id);
    step(`bucket ${name}`);
    const s3 = ctx.makeS3();
    try {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    } catch (err) {
      if ((err as Error).name !== 'BucketAlreadyOwnedByYou') throw err;
    } finally {
      s3.destroy();
    }
    const p = props(r);
    for (const k of ['BucketEncryption', 'LifecycleConfiguration', 'MetricsConfigurations'] as const)
      if (p[k])
        note(
          `${id}.${k}`,
          r.Type,
          'not emulated by the local S3 (objects are plain files, kept until deleted)',
        );
  }
}

/** Kinesis streams with their shard counts. */
export async function createStreams(ctx: DeployContext): Promise<{ name: string; shards: number }[]> {
  const { resolver, step, note, kinesis } = ctx;
  const streams: { name: string; shards: number }[] = [];
  for (const [id, r] of resourcesOfType(ctx, 'AWS::Kinesis::Stream')) {
    const p = props(r);
    const name = resolver.nameOf(id);
    const shards = Number(p.ShardCount ?? 1);
    step(`stream ${name} (${shards} shard${shards === 1 ? '' : 's'})`);
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    if (p.StreamEncryption)
      note(`${id}.StreamEncryption`, r.Type, 'no KMS locally: records are not encrypted');
    if (p.RetentionPeriodHours !== undefined && Number(p.RetentionPeriodHours) !== 24) {
      note(`${id}.RetentionPeriodHours`, r.Type, 'the local stream keeps records for its lifetime');
    }
    streams.push({ name, shards });
  }
  return streams;
}

/** Waits until the tables and streams are active. */
export async function waitUntilCreated(
  ctx: DeployContext,
  tables: readonly string[],
  streams: readonly { name: string }[],
): Promise<void> {
  const { dynamo, kinesis } = ctx;
  for (const name of tables)
    await waitUntilTableExists({ client: dynamo, maxWaitTime: 60 }, { TableName: name });
  for (const s of streams) {
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: s.name });
  }
}

/** Functions from their asset directory (zipped once per directory), with their environment. */
export async function createFunctions(ctx: DeployContext): Promise<string[]> {
  const { stack, resolver, step, note, lambda } = ctx;
  const zips = new Map<string, Uint8Array>();
  const functions: string[] = [];
  for (const [id, r] of resourcesOfType(ctx, 'AWS::Lambda::Function')) {
    const p = props(r);
    const name = resolver.nameOf(id);
    const dir = stack.assetDirOf(id);
    if (dir === undefined) {
      throw new AssemblyError(
        `function ${name} (${id}) has no local asset: only code from an asset directory deploys locally`,
      );
    }
    let zip = zips.get(dir);
    if (!zip) {
      zip = zipDir(dir);
      zips.set(dir, zip);
    }
    step(`function ${name}`);
    const env = p.Environment
      ? (resolver.resolve(p.Environment) as { Variables?: Record<string, unknown> })
      : {};
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: p.Runtime as CreateFunctionCommand['input']['Runtime'],
        Handler: String(p.Handler ?? 'index.handler'),
        Role: resolver.string(p.Role, `${id}.Role`),
        Code: { ZipFile: zip },
        ...(p.Timeout !== undefined ? { Timeout: Number(p.Timeout) } : {}),
        ...(p.MemorySize !== undefined ? { MemorySize: Number(p.MemorySize) } : {}),
        ...(p.Description !== undefined ? { Description: String(p.Description) } : {}),
        ...(p.Architectures !== undefined
          ? { Architectures: p.Architectures as ('arm64' | 'x86_64')[] }
          : {}),
        Environment: {
          Variables: Object.fromEntries(Object.entries(env.Variables ?? {}).map(([k, v]) => [k, String(v)])),
        },
      }),
    );
    if (p.LoggingConfig)
      note(
        `${id}.LoggingConfig`,
        r.Type,
        "no CloudWatch Logs locally: output goes to the stack's log callback",
      );
    note(`${id}.Runtime`, r.Type, `recorded only: functions run on the local Node.js (${process.version})`);
    functions.push(name);
  }
  return functions;
}

/**
 * Event source mappings with their settings; a stream the template does not create must already
 * exist (`created`: the streams it creates).
 */
export async function createMappings(
  ctx: DeployContext,
  created: ReadonlySet<string>,
): Promise<{ uuid: string; functionName: string; eventSourceArn: string }[]> {
  const { resolver, step, note, lambda } = ctx;
  const mappings: { uuid: string; functionName: string; eventSourceArn: string }[] = [];
  for (const [id, r] of resourcesOfType(ctx, 'AWS::Lambda::EventSourceMapping')) {
    const p = props(r);
    if (p.SelfManagedEventSource !== undefined || p.Topics !== undefined) {
      mappings.push(await createKafkaMapping(ctx, p));
      continue;
    }
    const eventSourceArn = resolver.string(p.EventSourceArn, `${id}.EventSourceArn`);
    const streamName = /:stream\/(.+)$/.exec(eventSourceArn)?.[1];
    if (streamName !== undefined && !created.has(streamName)) await assertStreamExists(ctx, streamName);
    const functionName = resolver.string(p.FunctionName, `${id}.FunctionName`);
    step(`mapping ${streamName ?? eventSourceArn} → ${functionName}`);
    const input = {
      FunctionName: functionName,
      EventSourceArn: eventSourceArn,
      ...pick(p, [
        'StartingPosition',
        'BatchSize',
        'MaximumBatchingWindowInSeconds',
        'BisectBatchOnFunctionError',
        'MaximumRetryAttempts',
        'MaximumRecordAgeInSeconds',
        'ParallelizationFactor',
        'FunctionResponseTypes',
        'Enabled',
      ]),
      ...(p.DestinationConfig ? { DestinationConfig: resolver.resolve(p.DestinationConfig) } : {}),
    } as CreateEventSourceMappingCommandInput;
    const res = await lambda.send(new CreateEventSourceMappingCommand(input));
    const destination = JSON.stringify(resolver.resolve(p.DestinationConfig) ?? {});
    if (p.DestinationConfig && !destination.includes(':s3:::')) {
      note(
        `${id}.DestinationConfig`,
        r.Type,
        'on-failure records are kept in memory (failedBatches()), not sent to SQS/SNS (an S3 destination gets them)',
      );
    }
    mappings.push({ uuid: res.UUID ?? '', functionName, eventSourceArn });
  }
  return mappings;
}

/** A Kafka mapping (self-managed or MSK) goes to the emulator's Kafka poller. */
async function createKafkaMapping(
  ctx: DeployContext,
  p: Record<string, unknown>,
): Promise<{ uuid: string; functionName: string; eventSourceArn: string }> {
  const cfn = ctx.resolver.resolve(p) as Record<string, unknown> & {
    SelfManagedEventSource?: { Endpoints?: { KafkaBootstrapServers?: string[] } };
  };
  const servers = cfn.SelfManagedEventSource?.Endpoints?.KafkaBootstrapServers;
  const input = {
    ...cfn,
    ...(servers ? { SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: servers } } } : {}),
  } as CreateEventSourceMappingCommandInput;
  ctx.step(`mapping kafka ${String(input.Topics?.join(','))} → ${input.FunctionName}`);
  const res = await ctx.lambda.send(new CreateEventSourceMappingCommand(input));
  return {
    uuid: res.UUID ?? '',
    functionName: input.FunctionName ?? '',
    eventSourceArn: res.EventSourceArn ?? '',
  };
}

async function assertStreamExists(ctx: DeployContext, name: string): Promise<void> {
  try {
    await ctx.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') {
      throw new AssemblyStreamMissingError(name, ctx.endpoint);
    }
    throw err;
  }
}

function pick(p: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}

/** Zips every file of an asset directory (the handler bundle and spec.json) for `Code.ZipFile`. */
function zipDir(dir: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split('\\').join('/')] = new Uint8Array(readFileSync(full));
    }
  };
  walk(dir);
  return zipSync(files);
}
