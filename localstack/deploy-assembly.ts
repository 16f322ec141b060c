import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CreateTableCommand, type KeySchemaElement, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  CreateFunctionCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import { makeDynamo, makeKinesis, makeLambda, makeS3 } from '../functions/index.ts';
import { IntrinsicResolver } from './assembly/intrinsics.ts';
import { type CfnResource, readAssemblyStack } from './assembly/read-assembly.ts';
import { AssemblyError, LocalStackError } from './errors.ts';

export interface DeployAssemblyOptions {
  /** A synthesized cloud assembly (`cdk.out`, or `synthPipeline`'s `assemblyDir`). */
  readonly assemblyDir: string;
  /** @default the assembly's only stack */
  readonly stackName?: string;
  /** The local stack's endpoint, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  readonly onStep?: (step: string) => void;
}

/** Something in the template the local stack does not create or enforce. */
export interface NotHonoured {
  /** Logical id (and property, when only a property is ignored). */
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

/** A schedule (EventBridge rule) the caller must run with a local timer. */
export interface LocalSchedule {
  readonly rule: string;
  readonly expression: string;
  /** The period of a `rate(…)` expression, ms; undefined for `cron(…)`. */
  readonly everyMs: number | undefined;
  /** Functions the rule invokes. */
  readonly functionNames: readonly string[];
}

export interface DeployAssemblyResult {
  readonly stackName: string;
  readonly tables: readonly string[];
  readonly streams: readonly { readonly name: string; readonly shards: number }[];
  readonly functions: readonly string[];
  readonly mappings: readonly {
    readonly uuid: string;
    readonly functionName: string;
    readonly eventSourceArn: string;
  }[];
  readonly schedules: readonly LocalSchedule[];
  readonly report: readonly NotHonoured[];
}

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

/** Resource types reported whole, with the reason the local stack does without them. */
const SKIPPED: Record<string, string> = {
  'AWS::IAM::Role': 'no IAM locally: roles are recorded on functions but grant nothing',
  'AWS::IAM::Policy': 'no IAM locally: policies are not enforced',
  'AWS::Lambda::Permission': 'no resource policies locally; the caller invokes the schedule target itself',
  'AWS::Logs::LogGroup': "no CloudWatch Logs locally: function output goes to the stack's log callback",
  'AWS::SQS::Queue':
    'no SQS locally: the emulator records given-up batches in memory (LambdaEmulator.failedBatches())',
  'AWS::SQS::QueuePolicy': 'no SQS locally',
  'AWS::S3::BucketPolicy':
    'no bucket policies locally (the TLS-only rule has nothing to refuse on plain HTTP)',
  'AWS::CloudWatch::Dashboard': 'no CloudWatch locally',
  'AWS::CloudWatch::Alarm': 'no CloudWatch locally',
  'AWS::CDK::Metadata': 'CDK version metadata: nothing to create',
};

/**
 * Deploys a synthesized stack onto a local stack (the embedded one, or LocalStack) through the
 * real AWS SDK clients: tables, streams with their shard counts, functions from their asset with
 * their environment, event source mappings with their settings. Schedules are returned for the
 * caller's timer; everything else the template holds is listed in `report`, never silently dropped.
 */
export async function deployAssembly(opts: DeployAssemblyOptions): Promise<DeployAssemblyResult> {
  const step = opts.onStep ?? (() => {});
  const stack = readAssemblyStack(opts.assemblyDir, opts.stackName);
  const resolver = new IntrinsicResolver(stack.template);
  const clients = { endpoint: opts.endpoint };
  const dynamo = makeDynamo(clients);
  const kinesis = makeKinesis(clients);
  const lambda = makeLambda(clients);
  const report: NotHonoured[] = [];
  const note = (resource: string, type: string, reason: string) => report.push({ resource, type, reason });
  const ofType = (type: string) =>
    Object.entries(stack.template.Resources).filter(([, r]) => r.Type === type);
  const props = (r: CfnResource) => r.Properties ?? {};

  const known = new Set([
    ...Object.keys(SKIPPED),
    'AWS::DynamoDB::Table',
    'AWS::Kinesis::Stream',
    'AWS::Lambda::Function',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Events::Rule',
    'AWS::S3::Bucket',
  ]);
  for (const [id, r] of Object.entries(stack.template.Resources)) {
    const reason =
      SKIPPED[r.Type] ??
      (known.has(r.Type) ? undefined : 'this resource type is not supported by the local stack');
    if (reason) note(id, r.Type, reason);
  }

  const tables: string[] = [];
  for (const [id, r] of ofType('AWS::DynamoDB::Table')) {
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

  // buckets the stack owns (the mappings' on-failure bucket): the local S3 keeps what Lambda writes
  for (const [id, r] of ofType('AWS::S3::Bucket')) {
    const name = resolver.nameOf(id);
    step(`bucket ${name}`);
    const s3 = makeS3(clients);
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

  const streams: { name: string; shards: number }[] = [];
  for (const [id, r] of ofType('AWS::Kinesis::Stream')) {
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
  for (const name of tables)
    await waitUntilTableExists({ client: dynamo, maxWaitTime: 60 }, { TableName: name });
  for (const s of streams) {
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: s.name });
  }

  const zips = new Map<string, Uint8Array>();
  const functions: string[] = [];
  for (const [id, r] of ofType('AWS::Lambda::Function')) {
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

  const created = new Set(streams.map((s) => s.name));
  const mappings: { uuid: string; functionName: string; eventSourceArn: string }[] = [];
  for (const [id, r] of ofType('AWS::Lambda::EventSourceMapping')) {
    const p = props(r);
    if (p.SelfManagedEventSource !== undefined || p.Topics !== undefined) {
      // connector: kafka: a Kafka mapping (self-managed or MSK) goes to the emulator's Kafka poller.
      const cfn = resolver.resolve(p) as Record<string, unknown> & {
        SelfManagedEventSource?: { Endpoints?: { KafkaBootstrapServers?: string[] } };
      };
      const servers = cfn.SelfManagedEventSource?.Endpoints?.KafkaBootstrapServers;
      const input = {
        ...cfn,
        ...(servers ? { SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: servers } } } : {}),
      } as CreateEventSourceMappingCommandInput;
      step(`mapping kafka ${String(input.Topics?.join(','))} → ${input.FunctionName}`);
      const res = await lambda.send(new CreateEventSourceMappingCommand(input));
      mappings.push({
        uuid: res.UUID ?? '',
        functionName: input.FunctionName ?? '',
        eventSourceArn: res.EventSourceArn ?? '',
      });
      continue;
    }
    const eventSourceArn = resolver.string(p.EventSourceArn, `${id}.EventSourceArn`);
    const streamName = /:stream\/(.+)$/.exec(eventSourceArn)?.[1];
    if (streamName !== undefined && !created.has(streamName)) await assertStreamExists(streamName);
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

  const schedules: LocalSchedule[] = [];
  for (const [id, r] of ofType('AWS::Events::Rule')) {
    const p = props(r);
    const expression = String(p.ScheduleExpression ?? '');
    if (!expression) {
      note(id, r.Type, 'event-pattern rules are not supported locally');
      continue;
    }
    const targets = (p.Targets as { Arn?: unknown }[] | undefined) ?? [];
    const functionNames = targets.map((t) => {
      const arn = resolver.string(t.Arn, `${id}.Targets.Arn`);
      return arn.slice(arn.lastIndexOf(':') + 1);
    });
    schedules.push({ rule: resolver.nameOf(id), expression, everyMs: rateMs(expression), functionNames });
  }
  return { stackName: stack.stackName, tables, streams, functions, mappings, schedules, report };

  async function assertStreamExists(name: string): Promise<void> {
    try {
      await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    } catch (err) {
      if ((err as { name?: string }).name === 'ResourceNotFoundException') {
        throw new AssemblyStreamMissingError(name, opts.endpoint);
      }
      throw err;
    }
  }
}

function pick(p: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}

/** `rate(1 minute)` → 60000; undefined for `cron(…)`. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
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
