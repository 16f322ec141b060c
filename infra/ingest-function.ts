import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageSpec } from '../compiler/spec/index.ts';
import { keys } from '../functions/state/keys.ts';
import { s3SourceStatements, streamReadStatement, streamWriteStatement, tableStatement } from './grants.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';
import { SluiceFunction } from './sluice-function.ts';

/** Physical name of a generator source's ingest function. */
export const ingestFunctionName = (pipeline: string, stageId: string): string =>
  `sluice-${pipeline}-ingest-${stageId}`;

/** How long one scheduled run may take: it stops starting slices a minute before. */
const INGEST_TIMEOUT = Duration.minutes(5);

/** Properties of an `IngestFunction`. */
export interface IngestFunctionProps {
  /** The source stage that reads the nexmark or filesystem source. */
  readonly stage: StageSpec;
  readonly code: Code;
  readonly table: ITable;
  /** The stage's ingest stream (internal). */
  readonly stream: IStream;
  readonly settings: ResolvedPipelineProps;
}

/**
 * The cloud ingest stage of a nexmark or filesystem source: the shared bundle with
 * `SLUICE_ROLE=ingest`, on a
 * one-minute schedule, at most one run at a time (reserved concurrency 1; a zombie's late commit
 * is refused anyway). It writes its stage's ingest stream, lists its shards, keeps its position in
 * `IN#<stage>` and reads the stage's checkpoints (`CP#<stage>`) to re-announce end-of-stream to
 * shards a reshard created after the last event. A filesystem source's function also reads the
 * objects under its prefix (s3:GetObject there, s3:ListBucket conditioned on the prefix).
 */
export class IngestFunction extends Construct {
  readonly fn: SluiceFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const s = props.settings;
    const stageId = props.stage.id;
    const input = props.stage.input;
    const s3 = input.kind === 'source' && input.source.kind === 'filesystem' ? input.source : undefined;
    this.fn = new SluiceFunction(this, 'Ingest', {
      functionName: ingestFunctionName(s.spec.name, stageId),
      description: `sluice ${s.spec.name} ingest of ${stageId}'s ${s3 ? 'filesystem' : 'nexmark'} source`,
      code: props.code,
      environment: { SLUICE_ROLE: 'ingest', SLUICE_STAGE_ID: stageId, SLUICE_TABLE: props.table.tableName },
      statements: [
        streamReadStatement([props.stream.streamArn]),
        streamWriteStatement([props.stream.streamArn]),
        tableStatement(props.table.tableArn, [keys.ingestPk(stageId), keys.checkpointPk(stageId)]),
        ...(s3 ? s3SourceStatements(this, s3.bucket, s3.prefix) : []),
      ],
      settings: { ...s, timeout: INGEST_TIMEOUT },
      reservedConcurrency: 1,
    });
    if (s3) {
      Validations.of(this.fn.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${s3.bucket}/${s3.prefix}*]`,
        reason:
          `The filesystem source ${s3.table} reads every object under s3://${s3.bucket}/${s3.prefix}, ` +
          'whose keys are not known at deploy time: s3:GetObject only (no wildcard actions), on that prefix only.',
      });
    }
    this.schedule = new Rule(this, 'Schedule', {
      ruleName: `${ingestFunctionName(s.spec.name, stageId)}`,
      description: `Runs the sluice ${s.spec.name} ingest of ${stageId} every minute until its source ends.`,
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaTarget(this.fn.function, { retryAttempts: 0 })],
    });
  }
}
