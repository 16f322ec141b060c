import { makeDynamo, makeKinesis, makeLambda, makeS3 } from '../functions/index.ts';
import { IntrinsicResolver } from './assembly/intrinsics.ts';
import { readAssemblyStack } from './assembly/read-assembly.ts';
import {
  createBuckets,
  createFunctions,
  createMappings,
  createStreams,
  createTables,
  type DeployContext,
  resourcesOfType,
  waitUntilCreated,
} from './deploy-resources.ts';

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
  const report: NotHonoured[] = [];
  const ctx: DeployContext = {
    stack,
    resolver,
    endpoint: opts.endpoint,
    dynamo: makeDynamo(clients),
    kinesis: makeKinesis(clients),
    lambda: makeLambda(clients),
    makeS3: () => makeS3(clients),
    step,
    note: (resource, type, reason) => report.push({ resource, type, reason }),
  };
  reportSkipped(ctx);
  const tables = await createTables(ctx);
  await createBuckets(ctx);
  const streams = await createStreams(ctx);
  await waitUntilCreated(ctx, tables, streams);
  const functions = await createFunctions(ctx);
  const mappings = await createMappings(ctx, new Set(streams.map((s) => s.name)));
  const schedules = readSchedules(ctx);
  return { stackName: stack.stackName, tables, streams, functions, mappings, schedules, report };
}

/** Notes each resource the local stack does without, or does not know. */
function reportSkipped(ctx: DeployContext): void {
  const known = new Set([
    ...Object.keys(SKIPPED),
    'AWS::DynamoDB::Table',
    'AWS::Kinesis::Stream',
    'AWS::Lambda::Function',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Events::Rule',
    'AWS::S3::Bucket',
  ]);
  for (const [id, r] of Object.entries(ctx.stack.template.Resources)) {
    const reason =
      SKIPPED[r.Type] ??
      (known.has(r.Type) ? undefined : 'this resource type is not supported by the local stack');
    if (reason) ctx.note(id, r.Type, reason);
  }
}

/** The schedules (EventBridge rules), for the caller's timer. */
function readSchedules(ctx: DeployContext): LocalSchedule[] {
  const { resolver, note } = ctx;
  const schedules: LocalSchedule[] = [];
  for (const [id, r] of resourcesOfType(ctx, 'AWS::Events::Rule')) {
    const p = r.Properties ?? {};
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
  return schedules;
}

/** `rate(1 minute)` → 60000; undefined for `cron(…)`. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}
