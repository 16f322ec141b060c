import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { keys } from '../functions/index.ts';

/**
 * The IAM statements of sluice's functions, each scoped to exact resources: no `*` action, no `*`
 * resource, and only the actions the runtime calls. Key prefixes come from the runtime's key
 * scheme (`functions/state/keys.ts`); S3 statements are in s3-grants.ts. docs/security.md
 * ("Cloud grants") lists every role's grants and why.
 */

/**
 * The DynamoDB reads of the runtime: checkpoints and ingest positions (GetItem), state pages
 * (BatchGetItem), one partition's items (Query: checkpoints of a stage, pages, dead letters).
 * Never Scan: a Scan names no partition key, and `ForAllValues` conditions hold vacuously for it.
 */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/**
 * The DynamoDB writes of the runtime: the conditional checkpoint put (a commit, a clock tick, a
 * closed parent), ingest positions and the failure item (PutItem), and state pages and dead
 * letters in batches of puts and deletes (BatchWriteItem). No UpdateItem, DeleteItem or
 * transactions: the runtime does not call them (only the local `--chaos` counters do, and the
 * local stack enforces no IAM).
 */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'] as const;

/** What an event source mapping needs on the stream it reads (the function's role is used). */
export const STREAM_READ_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
] as const;

/** What a producer needs: PutRecords, and ListShards to route by key group (and for markers). */
export const STREAM_WRITE_ACTIONS = ['kinesis:PutRecords', 'kinesis:ListShards'] as const;

/**
 * What the clock needs on a source stage's input, which it reads without a mapping: the shard list
 * (lineage), and the record after the committed one (is the shard idle? is a parent drained?).
 */
export const STREAM_TAIL_ACTIONS = [
  'kinesis:ListShards',
  'kinesis:GetShardIterator',
  'kinesis:GetRecords',
] as const;

/**
 * The partition keys a stage may touch: its checkpoints (`CP#<stage>`), its state pages
 * (`ST#<stage>#<shard>`), its dead letters (`DLQ#<stage>`), and, when bad data fails the pipeline
 * (`bad_data = 'fail'` on a source upstream: `badDataOf`), the pipeline failure item it writes.
 */
export function stageLeadingKeys(stageId: string, writesFailure: boolean): string[] {
  return [
    keys.checkpointPk(stageId),
    `${keys.statePk(stageId, '')}*`,
    keys.deadLetterPk(stageId),
    ...(writesFailure ? [keys.failure.pk] : []),
  ];
}

/**
 * Table access: `actions` on the given partition keys only (`dynamodb:LeadingKeys`, `*` as a
 * wildcard). Every action granted here names its partition key, so the condition always applies.
 */
export function tableStatement(
  tableArn: string,
  actions: readonly string[],
  leadingKeys: readonly string[],
): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: [...actions],
    resources: [tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(leadingKeys)] } },
  });
}

export function streamReadStatement(streamArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: [...STREAM_READ_ACTIONS], resources: [...new Set(streamArns)] });
}

export function streamWriteStatement(streamArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: [...STREAM_WRITE_ACTIONS], resources: [...new Set(streamArns)] });
}

export function streamTailStatement(streamArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: [...STREAM_TAIL_ACTIONS], resources: [...new Set(streamArns)] });
}

/**
 * ListShards only: an edge stage lists the shards of each upstream stage's input stream to learn
 * which producer shards feed its watermark (lineage seeds), and reads nothing else there.
 */
export function streamListStatement(streamArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: ['kinesis:ListShards'], resources: [...new Set(streamArns)] });
}

/** CloudWatch Logs for the function's own log group. */
export function logsStatement(logGroupArn: string): PolicyStatement {
  return new PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroupArn],
  });
}
