import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { queryAll } from '../../functions/index.ts';
import type { RescaleCall } from './plan.ts';
import { DAY_MS } from './plan.ts';

/**
 * The UpdateShardCount calls sluice made, kept in the pipeline's state table so every sluice
 * process (CLI, console, another machine) sees the same rolling 24-hour count:
 * `pk=RESCALE`, `sk=<stream>#<ISO time>`, attributes `from`, `to` (N), `by` (S).
 * Calls made outside sluice are not here; AWS's own LimitExceededException covers those.
 */
export const RESCALE_PK = 'RESCALE';

/**
 * The partition of the cloud console's rescale jobs in the same table (console/cloud/
 * rescale-job-store.ts): `sk=<job id>` for a job, `sk=LOCK#<stream>` for a stream's lock.
 */
export const CONSOLE_JOB_PK = 'CONSOLE#JOB';

export async function recordRescaleCall(
  dynamo: DynamoDBClient,
  table: string,
  call: RescaleCall & { readonly by: string },
): Promise<void> {
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        pk: { S: RESCALE_PK },
        sk: { S: `${call.stream}#${new Date(call.at).toISOString()}` },
        from: { N: String(call.from) },
        to: { N: String(call.to) },
        by: { S: call.by },
      },
    }),
  );
}

/** Calls recorded on `stream` in the 24 hours before `now`. */
export async function recentRescaleCalls(
  dynamo: DynamoDBClient,
  table: string,
  stream: string,
  now: number,
): Promise<RescaleCall[]> {
  const items = await queryAll(dynamo, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
    ExpressionAttributeValues: {
      ':pk': { S: RESCALE_PK },
      ':lo': { S: `${stream}#${new Date(now - DAY_MS).toISOString()}` },
      ':hi': { S: `${stream}#${new Date(now).toISOString()}~` },
    },
    ConsistentRead: true,
  });
  return items.map((item) => {
    const sk = item.sk?.S ?? '';
    return {
      stream,
      at: Date.parse(sk.slice(sk.lastIndexOf('#') + 1)),
      from: Number(item.from?.N ?? '0'),
      to: Number(item.to?.N ?? '0'),
    };
  });
}
