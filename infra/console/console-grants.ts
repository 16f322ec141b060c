import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { keys } from '../../functions/index.ts';
import { CONSOLE_JOB_PK, RESCALE_PK } from '../../ops/index.ts';
import type { ConsoleUserStreams } from './console-props.ts';

/** One stage as the console's grants see it. */
export interface ConsoleStageAccess {
  readonly id: string;
  /** ARN of the stream the stage reads. */
  readonly inputArn: string;
  /** The stage reads the user's own stream (a kinesis source). */
  readonly userStream: boolean;
  /** The stage reads a source (not an edge): its dead letters can be replayed. */
  readonly source: boolean;
}

export interface ConsoleGrantsOptions {
  readonly tableArn: string;
  readonly stages: readonly ConsoleStageAccess[];
  readonly userStreams: ConsoleUserStreams;
  /** The console function's own ARN (it invokes itself asynchronously to run a rescale). */
  readonly selfArn: string;
}

const leadingKeys = (tableArn: string, actions: string[], pks: readonly string[]) =>
  new PolicyStatement({
    actions,
    resources: [tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(pks)] } },
  });

/**
 * The console function's statements, each on exact ARNs and partition keys:
 * - table: read checkpoints, dead letters, the failure item, the rescale log and its jobs; append
 *   to the rescale log (`RESCALE`, PutItem only), write its jobs (`CONSOLE#JOB`); mark replayed
 *   dead letters (UpdateItem on the replayable source stages' `DLQ#`);
 * - streams: read every stage's input (shards, committed lag); UpdateShardCount and PutRecords
 *   (dead-letter replay into source stages) on the pipeline's own streams, and on the user's only
 *   with `userStreams: 'write'`;
 * - itself: lambda:InvokeFunction (asynchronous rescale jobs).
 * No Scan, no ListTables, no `*`.
 */
export function consoleStatements(opts: ConsoleGrantsOptions): PolicyStatement[] {
  const ids = opts.stages.map((s) => s.id);
  const writable = opts.stages.filter((s) => !s.userStream || opts.userStreams === 'write');
  const replayable = writable.filter((s) => s.source);
  const arns = (list: readonly ConsoleStageAccess[]) => [...new Set(list.map((s) => s.inputArn))];
  const statements = [
    leadingKeys(
      opts.tableArn,
      ['dynamodb:GetItem', 'dynamodb:Query'],
      [
        ...ids.map((id) => keys.checkpointPk(id)),
        ...ids.map((id) => keys.deadLetterPk(id)),
        keys.failure.pk,
        RESCALE_PK,
        CONSOLE_JOB_PK,
      ],
    ),
    // The rescale log is append-only (ops/rescale/rescale-log.ts); a job is created, updated, removed.
    leadingKeys(opts.tableArn, ['dynamodb:PutItem'], [RESCALE_PK]),
    leadingKeys(
      opts.tableArn,
      ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      [CONSOLE_JOB_PK],
    ),
    new PolicyStatement({
      actions: [
        'kinesis:ListShards',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetShardIterator',
        'kinesis:GetRecords',
      ],
      resources: arns(opts.stages),
    }),
    new PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [opts.selfArn],
    }),
  ];
  if (writable.length > 0) {
    statements.push(
      new PolicyStatement({ actions: ['kinesis:UpdateShardCount'], resources: arns(writable) }),
    );
  }
  if (replayable.length > 0) {
    statements.push(
      leadingKeys(
        opts.tableArn,
        ['dynamodb:UpdateItem'],
        replayable.map((s) => keys.deadLetterPk(s.id)),
      ),
      new PolicyStatement({ actions: ['kinesis:PutRecords'], resources: arns(replayable) }),
    );
  }
  return statements;
}
