import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

import { itemBytes, writeUnits } from './keys.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const capacityUnits = (c: ConsumedCapacity | readonly ConsumedCapacity[] | undefined): number => {
  if (c === undefined) return 0;
  const list = Array.isArray(c) ? c : [c as ConsumedCapacity];
  return list.reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);
};

/** Write units of the puts/deletes by item size (1 per started KiB; a delete costs 1). */
function estimateUnits(requests: readonly WriteRequest[]): number {
  let n = 0;
  for (const r of requests) {
    const item = r.PutRequest?.Item;
    n += item ? writeUnits(itemBytes(item as Record<string, { S?: string; N?: string }>)) : 1;
  }
  return n;
}

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
      const next = res.UnprocessedItems?.[table] ?? [];
      const reported = capacityUnits(res.ConsumedCapacity);
      // Fall back to the size estimate where the service reports no capacity.
      units += reported > 0 ? reported : estimateUnits(pending.slice(0, pending.length - next.length));
      pending = next;
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
