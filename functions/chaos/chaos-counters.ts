import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { partitionItems } from '../state/all-items.ts';

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
  const items = await partitionItems(dynamo, table, CHAOS_PK);
  return items.map((item) => {
    const [stage = '', shard = '', kind = ''] = (item.sk?.S ?? '').split('#');
    return { stage, shard, kind, n: Number(item.n?.N ?? '0') };
  });
}

/** Sums counters by kind. */
export function countsByKind(counts: readonly ChaosCount[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) out[c.kind] = (out[c.kind] ?? 0) + c.n;
  return out;
}
