import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnEventSourceMapping, type Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { resourceNames, type StageSpec } from '../compiler/spec/index.ts';
import { badDataOf } from '../functions/index.ts';
import { sinkGrantOf, stageEventSource } from './connector-cloud.ts';
import type { FailedRecords } from './failed-records.ts';
import {
  stageLeadingKeys,
  streamListStatement,
  streamReadStatement,
  streamWriteStatement,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
  tableStatement,
} from './grants.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';
import { acknowledgeS3Grants } from './s3-grants.ts';
import { SluiceFunction } from './sluice-function.ts';
import { startingPositionOf } from './stage-streams.ts';

/** Largest MaximumRecordAgeInSeconds Lambda accepts. */
const MAX_RECORD_AGE_S = 604_800;

/** Properties of a `StageFunction`. */
export interface StageFunctionProps {
  readonly stage: StageSpec;
  readonly code: Code;
  readonly table: ITable;
  /** The stream the stage reads (an internal stream, or the user's source stream); none for a Kafka source. */
  readonly input: IStream | undefined;
  /** The stream the stage writes. @default - none (the stage writes no stream) */
  readonly output?: IStream;
  /**
   * The input streams of the stages upstream of an edge stage: it lists their shards (lineage
   * seeds of its watermark, functions/runtime/lineage.ts), nothing more. @default - none
   */
  readonly upstreamInputs?: readonly IStream[];
  /** The mapping's on-failure destination: batches given up on are written there with their records. */
  readonly failedRecords: FailedRecords;
  readonly settings: ResolvedPipelineProps;
}

/**
 * One stage: its function (the shared bundle, `SLUICE_STAGE_ID`/`SLUICE_TABLE`) and the event source
 * mapping from its input stream. Its policy reads its input stream, lists the shards of its
 * upstream stages' inputs, writes its output stream (or, for a filesystem sink, objects under
 * `<prefix><pipeline>/` only: s3-grants.ts), and reads/writes only its own partition keys of the
 * table.
 */
export class StageFunction extends Construct {
  readonly stage: StageSpec;
  readonly fn: SluiceFunction;
  readonly mapping: CfnEventSourceMapping;
  readonly input: IStream | undefined;

  constructor(scope: Construct, id: string, props: StageFunctionProps) {
    super(scope, id);
    const s = props.settings;
    this.stage = props.stage;
    this.input = props.input;
    const s3 = sinkGrantOf(this, s.spec, props.stage);
    // Listing is already part of reading the own input.
    const upstream = (props.upstreamInputs ?? [])
      .map((st) => st.streamArn)
      .filter((arn) => arn !== props.input?.streamArn);
    const eventSource = stageEventSource(this, s.spec, props.stage);
    const statements = [
      ...(props.input ? [streamReadStatement([props.input.streamArn])] : []),
      ...(eventSource?.statements ?? []),
      ...(upstream.length > 0 ? [streamListStatement(upstream)] : []),
      ...(props.output ? [streamWriteStatement([props.output.streamArn])] : []),
      tableStatement(
        props.table.tableArn,
        [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        stageLeadingKeys(props.stage.id, badDataOf(s.spec, props.stage) === 'fail'),
      ),
      ...props.failedRecords.statements(),
      ...(s3?.statements ?? []),
    ];
    this.fn = new SluiceFunction(this, 'Stage', {
      functionName: resourceNames.function(s.spec.name, props.stage.id),
      description: `sluice ${s.spec.name} ${props.stage.id}: ${props.stage.label}`.slice(0, 256),
      code: props.code,
      environment: { SLUICE_STAGE_ID: props.stage.id, SLUICE_TABLE: props.table.tableName },
      statements,
      settings: s,
    });
    acknowledgeS3Grants(this.fn.policy, s3 ? [s3] : []);
    props.failedRecords.acknowledgeOn(this.fn.policy);
    const maxAge = s.mapping.maxRecordAge.toSeconds();
    if (!props.input && !eventSource)
      throw new Error(`stage ${props.stage.id} reads neither a stream nor an event source`);
    this.mapping = !props.input
      ? eventSource!.mapping(this, this.fn.function.functionName, s)
      : new CfnEventSourceMapping(this, 'Mapping', {
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
          destinationConfig: { onFailure: { destination: props.failedRecords.bucket.bucketArn } },
          enabled: true,
        });
    // Lambda checks the role's read access when it creates the mapping.
    this.mapping.node.addDependency(this.fn.policy);
  }
}
