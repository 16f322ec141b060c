import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { type IStream, Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { resourceNames } from '../compiler/spec/index.ts';
import {
  clockedStages,
  cloudIngestSource,
  keys,
  type StreamRef,
  stageInputStream,
  stageOutputStream,
} from '../functions/index.ts';
import { sinkGrantOf } from './connector-cloud.ts';
import { HandlerBundleError } from './errors.ts';
import { FailedRecords } from './failed-records.ts';
import { streamTailStatement, streamWriteStatement, tableStatement } from './grants.ts';
import { IngestFunction } from './ingest-function.ts';
import { PipelineMonitoring } from './pipeline-monitoring.ts';
import { type PipelineProps, type ResolvedPipelineProps, withDefaults } from './pipeline-props.ts';
import { resolvePipelineSource } from './pipeline-source.ts';
import { acknowledgeS3Grants } from './s3-grants.ts';
import { SluiceFunction } from './sluice-function.ts';
import { StageFunction } from './stage-function.ts';
import { assertConnectorsSupported, streamNameOf } from './stage-streams.ts';

/** Physical name of the clock function. */
export const clockFunctionName = (pipeline: string): string => `sluice-${pipeline}-clock`;

/**
 * A sluice pipeline from its SQL text (`new Pipeline(this, 'Orders', { sql })`) or its
 * `PipelineSpec` (pipeline-source.ts): the state table, one encrypted Kinesis stream per
 * internal stream, one function per stage (all sharing one bundle asset) with its event source
 * mapping, the clock function on a one-minute schedule, the mappings' on-failure bucket
 * (failed-records.ts), a dashboard and alarms.
 * Users' kinesis source/sink streams are imported by name or ARN, never created.
 */
export class Pipeline extends Construct {
  readonly table: Table;
  /** Internal streams by spec stream id. */
  readonly streams = new Map<string, Stream>();
  /** Stage functions by stage id. */
  readonly stages = new Map<string, StageFunction>();
  readonly clock: SluiceFunction | undefined;
  /**
   * Ingest functions of nexmark and filesystem sources, by stage id: on `aws` only; locally
   * `sluice run` ingests the same lines itself.
   */
  readonly ingest = new Map<string, IngestFunction>();
  /** The stage mappings' on-failure destination: batches given up on, with their records. */
  readonly failedRecords: FailedRecords;
  readonly monitoring: PipelineMonitoring;
  readonly code: Code;
  /** The compiled pipeline and the settings with their defaults. */
  readonly settings: ResolvedPipelineProps;
  private readonly imported = new Map<string, IStream>();

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const s = withDefaults(props, resolvePipelineSource(id, props));
    this.settings = s;
    const spec = s.spec;
    assertConnectorsSupported(spec, s.target);
    checkHandlerDir(s.handlerDir, spec.name);
    this.code = Code.fromAsset(s.handlerDir);

    this.table = new Table(this, 'State', {
      tableName: resourceNames.table(spec.name),
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: s.removalPolicy,
    });

    for (const stream of spec.streams) {
      this.streams.set(
        stream.id,
        new Stream(this, `Stream-${stream.id}`, {
          streamName: resourceNames.stream(spec.name, stream.id),
          streamMode: StreamMode.PROVISIONED,
          shardCount: stream.shards,
          retentionPeriod: s.streamRetention,
          // The AWS-managed key (alias/aws/kinesis): KMS encryption with no key policy to keep and
          // no kms:* grants; cdk-nag's AwsSolutions-KDS3 recommends it over a customer key.
          encryption: StreamEncryption.MANAGED,
          removalPolicy: s.removalPolicy,
        }),
      );
    }

    this.failedRecords = new FailedRecords(this, 'FailedRecords', {
      retention: s.failedRecordsRetention,
      removalPolicy: s.removalPolicy,
    });

    const inputOf = (stageId: string) => {
      const upstream = spec.stages.find((st) => st.id === stageId);
      if (!upstream) throw new Error(`the spec references stage '${stageId}', which it does not declare`);
      const ref = stageInputStream(upstream);
      return ref ? [this.streamFor(ref)] : [];
    };
    for (const stage of spec.stages) {
      const output = stageOutputStream(stage);
      this.stages.set(
        stage.id,
        new StageFunction(this, `Stage-${stage.id}`, {
          stage,
          code: this.code,
          table: this.table,
          input: this.streamForOptional(stageInputStream(stage)),
          ...(output ? { output: this.streamFor(output) } : {}),
          upstreamInputs: stage.input.kind === 'edge' ? stage.input.from.flatMap(inputOf) : [],
          failedRecords: this.failedRecords,
          settings: s,
        }),
      );
    }

    this.clock = s.clock ? this.addClock() : undefined;

    for (const stage of spec.stages) {
      if (s.target !== 'aws' || stage.input.kind !== 'source' || !cloudIngestSource(stage.input.source))
        continue;
      this.ingest.set(
        stage.id,
        new IngestFunction(this, `Ingest-${stage.id}`, {
          stage,
          code: this.code,
          table: this.table,
          stream: this.streamFor({ kind: 'internal', id: stage.input.stream }),
          settings: s,
        }),
      );
    }

    const inputStreamNames = new Map<string, string>();
    for (const stage of spec.stages) {
      const ref = stageInputStream(stage);
      // A Kafka source reads no stream; the dashboard's input graph names the topic (its Kinesis metrics stay empty)
      if (ref === undefined) {
        inputStreamNames.set(stage.id, stage.input.stream);
        continue;
      }
      inputStreamNames.set(
        stage.id,
        ref.kind === 'internal' ? resourceNames.stream(spec.name, ref.id) : streamNameOf(ref.nameOrArn),
      );
    }
    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      stages: [...this.stages.values()],
      inputStreamNames,
      failedRecords: this.failedRecords,
      settings: s,
    });
  }

  private streamForOptional(ref: StreamRef | undefined): IStream | undefined {
    return ref && this.streamFor(ref);
  }

  /** The stream construct for a reference: an internal stream, or the user's stream, imported once. */
  private streamFor(ref: StreamRef): IStream {
    if (ref.kind === 'internal') {
      const stream = this.streams.get(ref.id);
      if (!stream)
        throw new Error(`the spec references internal stream '${ref.id}', which it does not declare`);
      return stream;
    }
    let stream = this.imported.get(ref.nameOrArn);
    if (!stream) {
      const arn = ref.nameOrArn.startsWith('arn:')
        ? ref.nameOrArn
        : Stack.of(this).formatArn({ service: 'kinesis', resource: 'stream', resourceName: ref.nameOrArn });
      stream = Stream.fromStreamArn(this, `User-${streamNameOf(ref.nameOrArn)}`, arn);
      this.imported.set(ref.nameOrArn, stream);
    }
    return stream;
  }

  /**
   * The clock function (same bundle, `SLUICE_ROLE=clock`) on a one-minute schedule
   * (functions/runtime/clock-tick.ts). It reads every stage's checkpoints (`CP#<stage>`:
   * re-announcing end-of-stream, publishing filesystem sinks' objects) and writes only those of the
   * source stages it drives (`clockedStages`: idle watermarks, closing drained parents). It reads
   * the tail of those stages' input streams, and puts watermark markers on the stages' shuffle
   * streams only (never an ingest, preview or user stream). For filesystem sinks, the sinks' own
   * S3 grants (it publishes what a crash or a reshard left unpublished).
   */
  private addClock(): SluiceFunction {
    const s = this.settings;
    const spec = s.spec;
    const clocked = clockedStages(spec);
    const tails = clocked.flatMap((st) => this.streamForOptional(stageInputStream(st))?.streamArn ?? []);
    const shuffles = spec.stages.flatMap((st) =>
      st.output.kind === 'shuffle'
        ? [this.streamFor({ kind: 'internal', id: st.output.stream }).streamArn]
        : [],
    );
    const s3 = spec.stages.flatMap((st) => sinkGrantOf(this, spec, st) ?? []);
    const clock = new SluiceFunction(this, 'Clock', {
      functionName: clockFunctionName(spec.name),
      description: `sluice ${spec.name} clock: watermarks of idle sources, processing-time triggers`,
      code: this.code,
      environment: { SLUICE_ROLE: 'clock', SLUICE_TABLE: this.table.tableName },
      statements: [
        ...(tails.length > 0 ? [streamTailStatement(tails)] : []),
        ...(shuffles.length > 0 ? [streamWriteStatement(shuffles)] : []),
        tableStatement(
          this.table.tableArn,
          ['dynamodb:GetItem', 'dynamodb:Query'],
          spec.stages.map((st) => keys.checkpointPk(st.id)),
        ),
        ...(clocked.length > 0
          ? [
              tableStatement(
                this.table.tableArn,
                ['dynamodb:PutItem'],
                clocked.map((st) => keys.checkpointPk(st.id)),
              ),
            ]
          : []),
        ...s3.flatMap((g) => g.statements),
      ],
      settings: s,
    });
    acknowledgeS3Grants(clock.policy, s3);
    new Rule(this, 'ClockSchedule', {
      ruleName: `sluice-${spec.name}-clock`,
      description: `Ticks the sluice ${spec.name} clock function every minute.`,
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaTarget(clock.function, { retryAttempts: 0 })],
    });
    return clock;
  }
}

/** The handler asset must hold the bundle and this pipeline's spec. */
function checkHandlerDir(dir: string, pipeline: string): void {
  const missing = ['index.mjs', 'spec.json'].filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new HandlerBundleError(
      `the handler directory '${dir}' lacks ${missing.join(' and ')}; build it with prepareHandlerDir()`,
    );
  }
  const name = (JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8')) as { name?: unknown }).name;
  if (name !== pipeline) {
    throw new HandlerBundleError(
      `the handler directory '${dir}' holds the spec of pipeline '${String(name)}', not '${pipeline}'`,
    );
  }
}
