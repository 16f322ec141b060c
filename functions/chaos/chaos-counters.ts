import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/** Partition key of the fault counters the chaos seams keep in the pipeline table (local only). */
export const CHAOS_PK = 'CHAOS';

/** One counter: faults of `kind` injected into (stage, shard). */
export interface ChaosCount {
  readonly stage: string;
  readonly shard: string;
  readonly kind: string;
  readonly n: number;
}

/** Adds one to counter `<stage>#<shard>#<kind>`. Best effort: a failed count never fails the caller. */
export async function addChaosCount(
  dynamo: DynamoDBClient,
  table: string,
  stage: string,
  shard: string,
  kind: string,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: CHAOS_PK }, sk: { S: `${stage}#${shard}#${kind}` } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
  } catch {
    // counting is diagnostics; the fault itself still happens
  }
}

/** Every fault counter of a pipeline's table. */
export async function readChaosCounts(dynamo: DynamoDBClient, table: string): Promise<ChaosCount[]> {
  const out: ChaosCount[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const res = await dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: CHAOS_PK } },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of res.Items ?? []) {
      const [stage = '', shard = '', kind = ''] = (item.sk?.S ?? '').split('#');
      out.push({ stage, shard, kind, n: Number(item.n?.N ?? '0') });
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Sums counters by kind. */
export function countsByKind(counts: readonly ChaosCount[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) out[c.kind] = (out[c.kind] ?? 0) + c.n;
  return out;
}
