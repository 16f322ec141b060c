import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamo } from '../../../functions/aws/clients.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { signedFetch } from './signed-fetch.ts';

describe('DynamoDB through the gateway', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, lambda: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('creates a table, does conditional puts and transactions', async () => {
    const ddb = makeDynamo({ endpoint: stack.endpoint });
    await ddb.send(
      new CreateTableCommand({
        TableName: 'sluice-t1',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    const put = (epoch: number, expected: number | undefined) =>
      ddb.send(
        new PutItemCommand({
          TableName: 'sluice-t1',
          Item: { pk: { S: 'CP#s1' }, sk: { S: 'shard-0' }, epoch: { N: String(epoch) } },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'epoch = :e',
                ExpressionAttributeValues: { ':e': { N: String(expected) } },
              }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    await put(1, undefined);
    await put(2, 1);
    const err = await put(3, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect((err as ConditionalCheckFailedException).Item?.epoch?.N).toBe('2');

    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: 'sluice-t1',
              Item: { pk: { S: 'ST#s1#shard-0' }, sk: { S: '000000000003#a#0' }, data: { S: '{}' } },
            },
          },
          {
            Put: {
              TableName: 'sluice-t1',
              Item: { pk: { S: 'CP#s1' }, sk: { S: 'shard-0' }, epoch: { N: '3' } },
              ConditionExpression: 'epoch = :e',
              ExpressionAttributeValues: { ':e': { N: '2' } },
            },
          },
        ],
      }),
    );
    const failed = await ddb
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'sluice-t1', Item: { pk: { S: 'X' }, sk: { S: 'y' } } } },
            {
              ConditionCheck: {
                TableName: 'sluice-t1',
                Key: { pk: { S: 'CP#s1' }, sk: { S: 'shard-0' } },
                ConditionExpression: 'epoch = :e',
                ExpressionAttributeValues: { ':e': { N: '2' } },
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TransactionCanceledException);
    expect((failed as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    const got = await ddb.send(
      new GetItemCommand({ TableName: 'sluice-t1', Key: { pk: { S: 'X' }, sk: { S: 'y' } } }),
    );
    expect(got.Item).toBeUndefined();
    ddb.destroy();
  });

  it('answers the health path', async () => {
    const res = await signedFetch(`${stack.endpoint}/_sluice/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  });
});
