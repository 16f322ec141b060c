import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const capacityUnits = (c: ConsumedCapacity | readonly ConsumedCapacity[] | undefined): number => {
  if (c === undefined) return 0;
  const list = Array.isArray(c) ? c : [c as ConsumedCapacity];
  return list.reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);
};

/**
 * BatchWriteItem in chunks of 25, retrying unprocessed items with backoff. Returns the write
 * units DynamoDB reported (ReturnConsumedCapacity TOTAL).
 */
export async function batchWrite(
  dynamo: DynamoDBClient,
  table: string,
  requests: readonly WriteRequest[],
  concurrency = 4,
): Promise<number> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  let units = 0;
  const run = async (chunk: WriteRequest[]) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
      if (attempt > 12)
        throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
      const res = await dynamo.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      units += capacityUnits(res.ConsumedCapacity);
      pending = res.UnprocessedItems?.[table] ?? [];
    }
  };
  for (let i = 0; i < chunks.length; i += concurrency)
    await Promise.all(chunks.slice(i, i + concurrency).map(run));
  return units;
}

/** BatchGetItem (consistent) in chunks of 100, retrying unprocessed keys. */
export async function batchGet(
  dynamo: DynamoDBClient,
  table: string,
  keys: readonly Item[],
): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Item[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
      if (attempt > 12) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after retries`);
      const res = await dynamo.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      out.push(...(res.Responses?.[table] ?? []));
      pending = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
  }
  return out;
}
