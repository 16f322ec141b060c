import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CommitConflictError, StateCorruptError } from '../errors.ts';
import { partitionItems } from './all-items.ts';
import {
  type Checkpoint,
  type CheckpointDoc,
  checkpointDocSchema,
  emptyCheckpointDoc,
} from './checkpoint.ts';
import { conditionalPut, epochCondition } from './conditional-put.ts';
import type { Item } from './dynamo-batch.ts';
import { itemBytes, keys, writeUnits } from './keys.ts';

function parseDoc(text: string | undefined, where: string): CheckpointDoc {
  try {
    return checkpointDocSchema.parse(JSON.parse(text ?? ''));
  } catch (err) {
    throw new StateCorruptError(`checkpoint ${where} does not parse: ${(err as Error).message}`);
  }
}

/** Reads one checkpoint with a consistent read; epoch 0 and an empty doc when none exists (I1). */
export async function loadCheckpoint(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
  shardId: string,
): Promise<Checkpoint> {
  const key = keys.checkpoint(stageId, shardId);
  const res = await dynamo.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  if (!res.Item) return { stageId, shardId, epoch: 0, doc: emptyCheckpointDoc() };
  return {
    stageId,
    shardId,
    epoch: Number(res.Item.epoch?.N ?? '0'),
    doc: parseDoc(res.Item.doc?.S, `${stageId}/${shardId}`),
  };
}

/** The checkpoint item for `doc` at `epoch`, and the write units it will cost. */
export function checkpointItem(stageId: string, shardId: string, epoch: number, doc: CheckpointDoc) {
  const key = keys.checkpoint(stageId, shardId);
  const item: Item = {
    pk: { S: key.pk },
    sk: { S: key.sk },
    epoch: { N: String(epoch) },
    doc: { S: JSON.stringify(doc) },
  };
  return { item, units: writeUnits(itemBytes(item as Record<string, { S?: string; N?: string }>)) };
}

/**
 * The one conditional write that commits an invocation (I1): put the checkpoint at `readEpoch + 1`
 * if its epoch is still `readEpoch` (or absent, for the first commit). A lost race throws
 * CommitConflictError.
 */
export async function commitCheckpoint(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
  shardId: string,
  readEpoch: number,
  item: Item,
): Promise<void> {
  const written = await conditionalPut(dynamo, {
    TableName: table,
    Item: item,
    ...epochCondition(readEpoch),
    ReturnConsumedCapacity: 'TOTAL',
  });
  if (!written) throw new CommitConflictError(stageId, shardId, readEpoch);
}

/** Every committed checkpoint of a stage, by shard id (for CLI progress and completion). */
export async function listCheckpoints(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
): Promise<Checkpoint[]> {
  const items = await partitionItems(dynamo, table, keys.checkpointPk(stageId));
  const out = items.map((item): Checkpoint => {
    const shardId = item.sk?.S ?? '';
    return {
      stageId,
      shardId,
      epoch: Number(item.epoch?.N ?? '0'),
      doc: parseDoc(item.doc?.S, `${stageId}/${shardId}`),
    };
  });
  return out.sort((a, b) => (a.shardId < b.shardId ? -1 : a.shardId > b.shardId ? 1 : 0));
}

export interface PipelineFailure {
  readonly stage: string;
  readonly shard: string;
  readonly reason: string;
  readonly position: string;
}

/** The PIPELINE/FAILURE item a `bad_data = 'fail'` source wrote, if any. */
export async function readFailure(dynamo: DynamoDBClient, table: string): Promise<PipelineFailure | null> {
  const res = await dynamo.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: keys.failure.pk }, sk: { S: keys.failure.sk } },
      ConsistentRead: true,
    }),
  );
  if (!res.Item) return null;
  return {
    stage: res.Item.stage?.S ?? '',
    shard: res.Item.shard?.S ?? '',
    reason: res.Item.reason?.S ?? '',
    position: res.Item.position?.S ?? '',
  };
}

/** Records the first failure of the pipeline (later ones keep the first). */
export async function writeFailure(
  dynamo: DynamoDBClient,
  table: string,
  failure: PipelineFailure,
): Promise<void> {
  await conditionalPut(dynamo, {
    TableName: table,
    Item: {
      pk: { S: keys.failure.pk },
      sk: { S: keys.failure.sk },
      stage: { S: failure.stage },
      shard: { S: failure.shard },
      reason: { S: failure.reason },
      position: { S: failure.position },
      at: { S: new Date().toISOString() },
    },
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnConsumedCapacity: 'TOTAL',
  });
}
