import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import type { DeployTarget } from './stage-streams.ts';

/** Settings of every stage's Kinesis event source mapping. */
export interface MappingSettings {
  /** Records per invocation (1–10,000). @default 500 */
  readonly batchSize?: number;
  /** How long to gather records before invoking (0–300 s). @default Duration.seconds(0) */
  readonly maxBatchingWindow?: Duration;
  /** Split a failed batch in two and retry the halves (splits are not retries). @default true */
  readonly bisectBatchOnError?: boolean;
  /**
   * Retries of a failing batch; -1 retries until the records are older than `maxRecordAge`.
   * Exactly-once needs every record processed, so the default never gives up early: poison input
   * goes to the table's dead letters (I8), so a batch that still fails is an outage, and retrying it
   * until the outage ends is right (docs/security.md "Poison records and outages").
   * @default -1
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this are given up on and written, records included, to the on-failure
   * bucket (60 s – 7 days). Records past the stream's retention are gone, so the default gives up
   * one hour before that: an outage longer than the retention keeps its records in the bucket
   * instead of losing them.
   * @default the stream retention minus one hour (`PipelineProps.streamRetention`; at least 60 s)
   */
  readonly maxRecordAge?: Duration;
}

/** Alarm settings. */
export interface AlarmSettings {
  /** Iterator age (Maximum over 1 minute, 3 periods in a row) above which a stage alarms. @default Duration.minutes(5) */
  readonly iteratorAge?: Duration;
  /**
   * Late rows (dropped behind the watermark) a stage may drop in 5 minutes before it alarms. Late
   * rows are lost to the results, so the default alarms on any. @default 0
   */
  readonly lateRows?: number;
  /** Where alarms notify (e.g. an SNS action). @default - no action: alarms show in the console only */
  readonly action?: IAlarmAction;
}

/** Properties of a `Pipeline` (and of a `PipelineStack`): `sql` or `spec`, and the settings. */
export interface PipelineProps {
  /**
   * The pipeline's streaming SQL, compiled when the construct is built (as `sluice compile` does).
   * Give `sql` or `spec`. Pipelines that call TypeScript UDFs need `spec` and `handlerDir`.
   */
  readonly sql?: string;
  /** The pipeline's name, for `sql`. @default - the construct id in kebab case ('OrdersPipeline' → 'orders-pipeline') */
  readonly name?: string;
  /** Shards of every internal stream and parallelism of every stage, for `sql`. @default 1 */
  readonly parallelism?: number;
  /** The compiled pipeline (`compile` of `sluice/compiler`, or `sluice compile --json`). Give `sql` or `spec`. */
  readonly spec?: PipelineSpec;
  /**
   * A directory holding the esbuild bundle of the stage handler (`index.mjs`) and the pipeline's
   * `spec.json` (see `prepareHandlerDir`). It becomes ONE asset shared by every function.
   * @default - bundled now with esbuild (once per process), in a scratch folder removed at exit
   */
  readonly handlerDir?: string;
  /** `aws` refuses local-only connectors (`single_file`); `local` allows them, for `sluice run`. @default 'aws' */
  readonly target?: DeployTarget;
  /** Retention of the internal streams. @default Duration.hours(24) */
  readonly streamRetention?: Duration;
  /** @default Runtime.NODEJS_22_X */
  readonly runtime?: Runtime;
  /** @default Architecture.ARM_64 */
  readonly architecture?: Architecture;
  /** Memory of every function, MB. @default 1024 */
  readonly memorySize?: number;
  /** Timeout of every function. @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default - the defaults of `MappingSettings` */
  readonly mapping?: MappingSettings;
  /** How long the on-failure bucket keeps the batches given up on (with their records). @default Duration.days(30) */
  readonly failedRecordsRetention?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Deploy the clock function (watermarks of idle sources, processing-time triggers). @default true */
  readonly clock?: boolean;
  /** @default - the defaults of `AlarmSettings` */
  readonly alarms?: AlarmSettings;
  /**
   * What happens to the table, streams, on-failure bucket and logs when the stack is deleted. The table keeps
   * point-in-time recovery, and DynamoDB keeps a backup of a deleted PITR table for 35 days.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Give up on a record one hour before the stream would drop it (at least 60 s, Lambda's minimum),
 * so that Lambda still has it to write to the on-failure bucket.
 */
export function defaultMaxRecordAge(streamRetention: Duration): Duration {
  return Duration.seconds(Math.max(60, streamRetention.toSeconds() - 3600));
}

/** What a `Pipeline` runs: the compiled spec and its handler directory (pipeline-source.ts). */
export interface PipelineSource {
  readonly spec: PipelineSpec;
  readonly handlerDir: string;
}

/** The defaults, applied once, so every construct reads the same values. */
export function withDefaults(props: PipelineProps, source: PipelineSource) {
  const streamRetention = props.streamRetention ?? Duration.hours(24);
  return {
    spec: source.spec,
    handlerDir: source.handlerDir,
    target: props.target ?? 'aws',
    streamRetention,
    runtime: props.runtime ?? Runtime.NODEJS_22_X,
    architecture: props.architecture ?? Architecture.ARM_64,
    memorySize: props.memorySize ?? 1024,
    timeout: props.timeout ?? Duration.minutes(1),
    mapping: {
      batchSize: props.mapping?.batchSize ?? 500,
      maxBatchingWindow: props.mapping?.maxBatchingWindow ?? Duration.seconds(0),
      bisectBatchOnError: props.mapping?.bisectBatchOnError ?? true,
      retryAttempts: props.mapping?.retryAttempts ?? -1,
      maxRecordAge: props.mapping?.maxRecordAge ?? defaultMaxRecordAge(streamRetention),
    },
    failedRecordsRetention: props.failedRecordsRetention ?? Duration.days(30),
    logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
    clock: props.clock ?? true,
    alarms: {
      iteratorAge: props.alarms?.iteratorAge ?? Duration.minutes(5),
      lateRows: props.alarms?.lateRows ?? 0,
      action: props.alarms?.action,
    },
    removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
  } as const;
}

export type ResolvedPipelineProps = ReturnType<typeof withDefaults>;
