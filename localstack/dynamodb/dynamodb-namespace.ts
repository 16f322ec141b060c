import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ServiceStartError } from '../errors.ts';
import { answers } from './dynamodb-local.ts';

/**
 * One DynamoDB Local for many local stacks (a test run starts it once instead of one JVM per
 * stack). DynamoDB Local started without `-sharedDb` keeps a separate database per access key
 * and region; each stack's gateway signs every DynamoDB call it forwards with an access key of its
 * own, its namespace, so stacks never see each other's tables, and a stack drops its tables when
 * it stops.
 */
export const SHARED_DYNAMODB_ENV = 'SLUICE_DYNAMODB_LOCAL_PORT';

/** The port of a running DynamoDB Local named by SLUICE_DYNAMODB_LOCAL_PORT, if set. */
export function sharedDynamoPortFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[SHARED_DYNAMODB_ENV];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ServiceStartError(
      'DynamoDB Local',
      `${SHARED_DYNAMODB_ENV}='${raw}' is not a TCP port: set it to the port of a running DynamoDB Local ` +
        '(started without -sharedDb), or unset it to start one per stack',
    );
  }
  return port;
}

/** Fails with a clear error unless a DynamoDB Local answers on 127.0.0.1:`port`. */
export async function checkSharedDynamo(port: number): Promise<void> {
  if (await answers(port)) return;
  throw new ServiceStartError(
    'DynamoDB Local',
    `nothing answers on 127.0.0.1:${port} (${SHARED_DYNAMODB_ENV}): start DynamoDB Local there ` +
      'without -sharedDb, or unset the variable to start one per stack',
  );
}

/**
 * A fresh namespace: an access key id no other stack uses, and no one who reaches DynamoDB Local's
 * port directly can guess (128 random bits), since DynamoDB Local checks no signature.
 */
export function newNamespace(): string {
  return `sluice${randomBytes(16).toString('hex')}`;
}

/** `authorization` with its SigV4 credential's access key id replaced by `namespace`. */
export function withNamespace(authorization: string, namespace: string): string {
  return authorization.replace(/Credential=[^/,\s]*\//, `Credential=${namespace}/`);
}

/** Deletes every table of `namespace` (in every page of ListTables). Returns how many. */
export async function dropNamespace(port: number, namespace: string): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: namespace, secretAccessKey: 'sluice' },
    maxAttempts: 2,
  });
  try {
    let dropped = 0;
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand(start ? { ExclusiveStartTableName: start } : {}));
      for (const TableName of page.TableNames ?? []) {
        await client.send(new DeleteTableCommand({ TableName }));
        dropped++;
      }
      start = page.LastEvaluatedTableName;
    } while (start);
    return dropped;
  } finally {
    client.destroy();
  }
}
