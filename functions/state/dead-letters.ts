import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { cmpSeq } from '../wire/seq.ts';
import { partitionItems, scanAll } from './all-items.ts';
import { capDeadLetter } from './dead-letter-cap.ts';
import { batchWrite, type Item } from './dynamo-batch.ts';
import { keys } from './keys.ts';

export interface DeadLetter {
  readonly stage: string;
  readonly shardId: string;
  /** Input sequence number of the record that held the bad input. */
  readonly seq: string;
  /** Index of the bad row within that record. */
  readonly index: number;
  readonly reason: string;
  readonly raw: string;
  /** `<path>:<line>` for files, `<stream>/<shard>/<seq>` for Kinesis. */
  readonly position: string;
  readonly at: string;
  /**
   * Set when `raw` is only the input's first bytes (DynamoDB items are at most 400 KB, see
   * dead-letter-cap.ts): the whole input's size in UTF-8 bytes and its sha256 (hex).
   */
  readonly rawBytes?: number;
  readonly rawSha256?: string;
  /** Set by `sluice dlq replay` once the entry was sent back into its stage's input. */
  readonly replayedAt?: string;
}

/**
 * Writes dead letters (I8). Keys are idempotent (stage, shard, input seq, row index), so a retry
 * overwrites the same items. Reason, raw input and position are capped (dead-letter-cap.ts), so an
 * item always fits. Returns the write units consumed.
 */
export async function writeDeadLetters(
  dynamo: DynamoDBClient,
  table: string,
  letters: readonly DeadLetter[],
): Promise<number> {
  const requests: WriteRequest[] = letters.map((d) => {
    const key = keys.deadLetter(d.stage, d.shardId, d.seq, d.index);
    const c = capDeadLetter(d);
    const rawBytes = d.rawBytes ?? c.rawBytes;
    const rawSha256 = d.rawSha256 ?? c.rawSha256;
    return {
      PutRequest: {
        Item: {
          pk: { S: key.pk },
          sk: { S: key.sk },
          reason: { S: c.reason },
          raw: { S: c.raw },
          position: { S: c.position },
          at: { S: d.at },
          ...(rawBytes !== undefined ? { rawBytes: { N: String(rawBytes) } } : {}),
          ...(rawSha256 !== undefined ? { rawSha256: { S: rawSha256 } } : {}),
        },
      },
    };
  });
  return requests.length === 0 ? 0 : batchWrite(dynamo, table, requests);
}

function parse(item: Item): DeadLetter {
  const pk = item.pk?.S ?? '';
  const [shardId = '', seq = '', index = '0'] = (item.sk?.S ?? '').split('#');
  return {
    stage: pk.slice('DLQ#'.length),
    shardId,
    seq,
    index: Number(index),
    reason: item.reason?.S ?? '',
    raw: item.raw?.S ?? '',
    position: item.position?.S ?? '',
    at: item.at?.S ?? '',
    ...(item.rawBytes?.N ? { rawBytes: Number(item.rawBytes.N) } : {}),
    ...(item.rawSha256?.S ? { rawSha256: item.rawSha256.S } : {}),
    ...(item.replayedAt?.S ? { replayedAt: item.replayedAt.S } : {}),
  };
}

/** Dead letters of one stage, or of every stage when `stageId` is omitted. */
export async function listDeadLetters(
  dynamo: DynamoDBClient,
  table: string,
  stageId?: string,
): Promise<DeadLetter[]> {
  const items =
    stageId === undefined
      ? await scanAll(dynamo, {
          TableName: table,
          FilterExpression: 'begins_with(pk, :p)',
          ExpressionAttributeValues: { ':p': { S: 'DLQ#' } },
          ConsistentRead: true,
        })
      : await partitionItems(dynamo, table, keys.deadLetterPk(stageId));
  const out = items.map(parse);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort(
    (a, b) => cmp(a.stage, b.stage) || cmp(a.shardId, b.shardId) || cmpSeq(a.seq, b.seq) || a.index - b.index,
  );
}
