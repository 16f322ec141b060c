import { Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnEventSourceMapping, type Code } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resourceNames, type StageSpec } from '../compiler/spec/index.ts';
import {
  failureQueueStatement,
  s3SinkStatements,
  stageLeadingKeys,
  streamReadStatement,
  streamWriteStatement,
  tableStatement,
} from './grants.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';
import { SluiceFunction } from './sluice-function.ts';
import { startingPositionOf } from './stage-streams.ts';

/** A filesystem sink's S3 statements (none for any other output). */
export function s3SinkStatementsOf(scope: Construct, stage: StageSpec) {
  const out = stage.output;
  return out.kind === 'sink' && out.sink.kind === 'filesystem'
    ? s3SinkStatements(scope, out.sink.bucket, out.sink.prefix)
    : [];
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for exactly the object wildcard of each
 * filesystem sink among `stages` (`<bucket>/<prefix>*`), on the policy of `fn`. Any other wildcard
 * still fails the check.
 */
export function acknowledgeS3SinkPrefixes(fn: SluiceFunction, stages: readonly StageSpec[]): void {
  for (const stage of stages) {
    const out = stage.output;
    if (out.kind !== 'sink' || out.sink.kind !== 'filesystem') continue;
    Validations.of(fn.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${out.sink.bucket}/${out.sink.prefix}*]`,
      reason:
        `The filesystem sink ${out.sink.table} writes one object per committed epoch under ` +
        `s3://${out.sink.bucket}/${out.sink.prefix}, so its keys are not known at deploy time: the object ` +
        'actions (get, put, delete; no wildcard actions) are scoped to that prefix and nothing else.',
    });
  }
}

/** Largest MaximumRecordAgeInSeconds Lambda accepts. */
const MAX_RECORD_AGE_S = 604_800;

/** Properties of a `StageFunction`. */
export interface StageFunctionProps {
  readonly stage: StageSpec;
  readonly code: Code;
  readonly table: ITable;
  /** The stream the stage reads (an internal stream, or the user's source stream). */
  readonly input: IStream;
  /** The stream the stage writes. @default - none (the stage writes no stream) */
  readonly output?: IStream;
  readonly failureQueue: IQueue;
  readonly settings: ResolvedPipelineProps;
}

/**
 * One stage: its function (the shared bundle, `SLUICE_STAGE_ID`/`SLUICE_TABLE`) and the event source
 * mapping from its input stream. Its policy reads its input stream, writes its output stream (or,
 * for a filesystem sink, objects under the sink's S3 prefix), and reads/writes only its own
 * partition keys of the table.
 */
export class StageFunction extends Construct {
  readonly stage: StageSpec;
  readonly fn: SluiceFunction;
  readonly mapping: CfnEventSourceMapping;
  readonly input: IStream;

  constructor(scope: Construct, id: string, props: StageFunctionProps) {
    super(scope, id);
    const s = props.settings;
    this.stage = props.stage;
    this.input = props.input;
    const statements = [
      streamReadStatement([props.input.streamArn]),
      ...(props.output ? [streamWriteStatement([props.output.streamArn])] : []),
      tableStatement(props.table.tableArn, stageLeadingKeys(props.stage.id)),
      failureQueueStatement(props.failureQueue.queueArn),
      ...s3SinkStatementsOf(this, props.stage),
    ];
    this.fn = new SluiceFunction(this, 'Stage', {
      functionName: resourceNames.function(s.spec.name, props.stage.id),
      description: `sluice ${s.spec.name} ${props.stage.id}: ${props.stage.label}`.slice(0, 256),
      code: props.code,
      environment: { SLUICE_STAGE_ID: props.stage.id, SLUICE_TABLE: props.table.tableName },
      statements,
      settings: s,
    });
    acknowledgeS3SinkPrefixes(this.fn, [props.stage]);
    const maxAge = s.mapping.maxRecordAge.toSeconds();
    this.mapping = new CfnEventSourceMapping(this, 'Mapping', {
      functionName: this.fn.function.functionName,
      eventSourceArn: props.input.streamArn,
      startingPosition: startingPositionOf(props.stage),
      batchSize: s.mapping.batchSize,
      maximumBatchingWindowInSeconds: s.mapping.maxBatchingWindow.toSeconds(),
      bisectBatchOnFunctionError: s.mapping.bisectBatchOnError,
      maximumRetryAttempts: s.mapping.retryAttempts,
      maximumRecordAgeInSeconds: Math.min(maxAge, MAX_RECORD_AGE_S),
      parallelizationFactor: 1,
      functionResponseTypes: ['ReportBatchItemFailures'],
      destinationConfig: { onFailure: { destination: props.failureQueue.queueArn } },
      enabled: true,
    });
    // Lambda checks the role's read access when it creates the mapping.
    this.mapping.node.addDependency(this.fn.policy);
  }
}
