import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageSpec } from '../compiler/spec/index.ts';
import { keys } from '../functions/index.ts';
import { ingestGrantOf } from './connector-cloud.ts';
import { streamWriteStatement, tableStatement } from './grants.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';
import { acknowledgeS3Grants } from './s3-grants.ts';
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
 * is refused anyway). It writes its stage's ingest stream and lists its shards (it reads no
 * records), keeps its position in `IN#<stage>` (get, conditional put) and reads the stage's
 * checkpoints (`CP#<stage>`, never written) to re-announce end-of-stream to shards a reshard
 * created after the last event. A filesystem source's function also reads the objects under its
 * prefix (s3:GetObject there, s3:ListBucket conditioned on the prefix: s3-grants.ts).
 */
export class IngestFunction extends Construct {
  readonly fn: SluiceFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const s = props.settings;
    const stageId = props.stage.id;
    const input = props.stage.input;
    const grant = input.kind === 'source' ? ingestGrantOf(this, input.source) : undefined;
    const kind = input.kind === 'source' ? input.source.kind : 'edge';
    this.fn = new SluiceFunction(this, 'Ingest', {
      functionName: ingestFunctionName(s.spec.name, stageId),
      description: `sluice ${s.spec.name} ingest of ${stageId}'s ${kind} source`,
      code: props.code,
      environment: { SLUICE_ROLE: 'ingest', SLUICE_STAGE_ID: stageId, SLUICE_TABLE: props.table.tableName },
      statements: [
        streamWriteStatement([props.stream.streamArn]),
        tableStatement(
          props.table.tableArn,
          ['dynamodb:GetItem', 'dynamodb:Query'],
          [keys.ingestPk(stageId), keys.checkpointPk(stageId)],
        ),
        tableStatement(props.table.tableArn, ['dynamodb:PutItem'], [keys.ingestPk(stageId)]),
        ...(grant?.statements ?? []),
      ],
      settings: { ...s, timeout: INGEST_TIMEOUT },
      reservedConcurrency: 1,
    });
    acknowledgeS3Grants(this.fn.policy, grant ? [grant] : []);
    this.schedule = new Rule(this, 'Schedule', {
      ruleName: `${ingestFunctionName(s.spec.name, stageId)}`,
      description: `Runs the sluice ${s.spec.name} ingest of ${stageId} every minute until its source ends.`,
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaTarget(this.fn.function, { retryAttempts: 0 })],
    });
  }
}
