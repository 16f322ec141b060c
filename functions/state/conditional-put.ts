import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';

/** Whether a write failed only because its ConditionExpression did not hold. */
export const isConditionFailed = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException';

/** Puts an item if its condition holds: true when written, false when the condition did not hold. */
export async function conditionalPut(dynamo: DynamoDBClient, input: PutItemCommandInput): Promise<boolean> {
  try {
    await dynamo.send(new PutItemCommand(input));
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/** The epoch fence (I1): the item's epoch is still `readEpoch`, or it is absent when `readEpoch` is 0. */
export const epochCondition = (
  readEpoch: number,
): Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'> =>
  readEpoch === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'epoch = :e', ExpressionAttributeValues: { ':e': { N: String(readEpoch) } } };
