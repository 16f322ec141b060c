import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamo } from '../../../functions/aws/clients.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../localstack/dynamodb/dynamodb-local.ts';
import { SHARED_DYNAMODB_ENV } from '../../../localstack/dynamodb/dynamodb-namespace.ts';
import { ServiceStartError, startLocalStack } from '../../../localstack/index.ts';
import { freePort } from '../../../localstack/ports.ts';
import { signedFetch } from './signed-fetch.ts';

/**
 * Two local stacks on one DynamoDB Local (started here without -sharedDb, as the test run's global
 * setup does): each keeps its tables in its own namespace, and a stopped stack's tables are gone.
 */
let ddbLocal: DynamoDbLocal;

beforeAll(async () => {
  ddbLocal = await startDynamoDbLocal(await freePort(), () => undefined, { sharedDb: false });
});

afterAll(async () => {
  await ddbLocal?.stop();
});

/** Every table DynamoDB Local holds for `namespace`, asked directly (not through a gateway). */
async function tablesOf(namespace: string): Promise<string[]> {
  const direct = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${ddbLocal.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: namespace, secretAccessKey: 'x' },
  });
  try {
    return (await direct.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    direct.destroy();
  }
}

const createTable = (ddb: DynamoDBClient) =>
  ddb.send(
    new CreateTableCommand({
      TableName: 'sluice-same-name',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );

describe('local stacks sharing one DynamoDB Local', () => {
  it('isolates the stacks (same table name, different items) and drops a stack’s tables at stop', async () => {
    const a = await startLocalStack({ port: 0, lambda: false, dynamoDbLocalPort: ddbLocal.port });
    const b = await startLocalStack({ port: 0, lambda: false, dynamoDbLocalPort: ddbLocal.port });
    const nsOf = async (endpoint: string) =>
      ((await (await signedFetch(`${endpoint}/_sluice/health`)).json()) as { dynamodbNamespace: string })
        .dynamodbNamespace;
    const [nsA, nsB] = [await nsOf(a.endpoint), await nsOf(b.endpoint)];
    expect(nsA).toMatch(/^sluice[0-9a-f]{32}$/);
    expect(nsB).not.toBe(nsA);
    const ddbA = makeDynamo({ endpoint: a.endpoint });
    const ddbB = makeDynamo({ endpoint: b.endpoint });
    try {
      await createTable(ddbA);
      await createTable(ddbB); // would be ResourceInUseException in one shared database
      const put = (ddb: DynamoDBClient, v: string) =>
        ddb.send(
          new PutItemCommand({ TableName: 'sluice-same-name', Item: { pk: { S: 'k' }, v: { S: v } } }),
        );
      await put(ddbA, 'from a');
      await put(ddbB, 'from b');
      const get = async (ddb: DynamoDBClient) =>
        (await ddb.send(new GetItemCommand({ TableName: 'sluice-same-name', Key: { pk: { S: 'k' } } }))).Item
          ?.v?.S;
      expect(await get(ddbA)).toBe('from a');
      expect(await get(ddbB)).toBe('from b');
      expect(await tablesOf(nsA)).toEqual(['sluice-same-name']);

      await a.stop();
      expect(await tablesOf(nsA)).toEqual([]);
      expect(await get(ddbB)).toBe('from b'); // the other stack is untouched
    } finally {
      ddbA.destroy();
      ddbB.destroy();
      await a.stop();
      await b.stop();
    }
    expect(await tablesOf(nsB)).toEqual([]);
  });

  it(`refuses a bad ${SHARED_DYNAMODB_ENV}, and a port where nothing answers, naming the fix`, async () => {
    const saved = process.env[SHARED_DYNAMODB_ENV];
    try {
      process.env[SHARED_DYNAMODB_ENV] = 'not-a-port';
      const bad = await startLocalStack({ port: 0, lambda: false }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ServiceStartError);
      expect((bad as Error).message).toContain(`${SHARED_DYNAMODB_ENV}='not-a-port' is not a TCP port`);

      process.env[SHARED_DYNAMODB_ENV] = String(await freePort());
      const none = await startLocalStack({ port: 0, lambda: false }).catch((e: unknown) => e);
      expect(none).toBeInstanceOf(ServiceStartError);
      expect((none as Error).message).toMatch(/nothing answers on 127\.0\.0\.1:\d+ .*without -sharedDb/);
    } finally {
      if (saved === undefined) delete process.env[SHARED_DYNAMODB_ENV];
      else process.env[SHARED_DYNAMODB_ENV] = saved;
    }
  });
});
