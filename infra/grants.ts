import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { keys } from '../functions/state/keys.ts';

/**
 * The IAM statements of sluice's functions, each scoped to exact resources: no `*` action, no `*`
 * resource. Key prefixes come from the runtime's key scheme (`functions/state/keys.ts`).
 */

/** Every DynamoDB action the runtime uses (TransactWriteItems is authorised per item action). */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** What an event source mapping needs on the stream it reads (the function's role is used). */
export const STREAM_READ_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
] as const;

/** What a producer needs: PutRecords, and ListShards to route by key group (and for markers). */
export const STREAM_WRITE_ACTIONS = [
  'kinesis:PutRecord',
  'kinesis:PutRecords',
  'kinesis:ListShards',
  'kinesis:DescribeStreamSummary',
] as const;

/**
 * The partition keys a stage may touch: its checkpoints (`CP#<stage>`), its state pages
 * (`ST#<stage>#<shard>`), its dead letters (`DLQ#<stage>`), and the pipeline failure item.
 */
export function stageLeadingKeys(stageId: string): string[] {
  return [
    keys.checkpointPk(stageId),
    `${keys.statePk(stageId, '')}*`,
    keys.deadLetterPk(stageId),
    keys.failure.pk,
  ];
}

/** Table access limited to the given partition keys (`dynamodb:LeadingKeys`, `*` as a wildcard). */
export function tableStatement(tableArn: string, leadingKeys: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: [...TABLE_ACTIONS],
    resources: [tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...leadingKeys] } },
  });
}

export function streamReadStatement(streamArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: [...STREAM_READ_ACTIONS], resources: [...streamArns] });
}

export function streamWriteStatement(streamArns: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: [...STREAM_WRITE_ACTIONS], resources: [...streamArns] });
}

/** What a filesystem sink does with objects under its prefix: stage (put), publish (copy = get + put), sweep (delete). */
export const S3_SINK_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] as const;

/**
 * A filesystem sink's access to the user's bucket (imported by name, never created): the object
 * actions on `<bucket>/<prefix>*` only, and s3:ListBucket on the bucket only for list requests
 * whose prefix starts with the sink's (existence checks and the staging sweep list; condition
 * `s3:prefix`). Object keys are created per epoch, so the object resource must be a prefix pattern.
 */
export function s3SinkStatements(scope: IConstruct, bucket: string, prefix: string): PolicyStatement[] {
  return s3PrefixStatements(scope, bucket, prefix, S3_SINK_OBJECT_ACTIONS);
}

/**
 * A filesystem source's ingest function: s3:GetObject on `<bucket>/<prefix>*` and s3:ListBucket on
 * the bucket only for list requests under the prefix.
 */
export function s3SourceStatements(scope: IConstruct, bucket: string, prefix: string): PolicyStatement[] {
  return s3PrefixStatements(scope, bucket, prefix, ['s3:GetObject']);
}

function s3PrefixStatements(
  scope: IConstruct,
  bucket: string,
  prefix: string,
  objectActions: readonly string[],
): PolicyStatement[] {
  const bucketArn = Stack.of(scope).formatArn({ service: 's3', region: '', account: '', resource: bucket });
  return [
    new PolicyStatement({ actions: [...objectActions], resources: [`${bucketArn}/${prefix}*`] }),
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    }),
  ];
}

/** CloudWatch Logs for the function's own log group. */
export function logsStatement(logGroupArn: string): PolicyStatement {
  return new PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroupArn],
  });
}

/** The mapping sends on-failure records to the queue with the function's role. */
export function failureQueueStatement(queueArn: string): PolicyStatement {
  return new PolicyStatement({
    actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
    resources: [queueArn],
  });
}
