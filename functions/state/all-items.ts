import {
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Item } from './dynamo-batch.ts';

interface Page {
  readonly Items?: Item[] | undefined;
  readonly LastEvaluatedKey?: Item | undefined;
}

/** Reads page after page (each from the previous one's LastEvaluatedKey) and returns every item, in order. */
async function allPages(read: (start: Item | undefined) => Promise<Page>): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await read(start);
    for (const item of page.Items ?? []) out.push(item);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Every item a Query matches, over all its pages. */
export function queryAll(dynamo: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  return allPages((start) =>
    dynamo.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) })),
  );
}

/** Every item a Scan returns, over all its pages. */
export function scanAll(dynamo: DynamoDBClient, input: ScanCommandInput): Promise<Item[]> {
  return allPages((start) =>
    dynamo.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) })),
  );
}

/** Every item of partition `pk`, read consistently. */
export function partitionItems(dynamo: DynamoDBClient, table: string, pk: string): Promise<Item[]> {
  return queryAll(dynamo, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': { S: pk } },
    ConsistentRead: true,
  });
}
