import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { streamTarget } from '../aws/stream-target.ts';
import { CommitConflictError } from '../errors.ts';
import type { Checkpoint } from '../state/checkpoint.ts';
import { checkpointItem, commitCheckpoint } from '../state/checkpoint-store.ts';
import { NO_SEQ } from '../wire/seq.ts';

/** GetRecords calls spent looking for the end of a closed shard before giving up (not ready). */
const MAX_TAIL_READS = 5;

/**
 * Reads a shard after `committedSeq` (AFTER_SEQUENCE_NUMBER, or TRIM_HORIZON when nothing was
 * committed) until a record shows up (`'records'`), the iterator ends (`'end'`: a closed shard fully
 * read) or the read budget is spent (`'unknown'`). EndingSequenceNumber alone cannot tell whether a
 * closed shard is drained: it is the end of the shard's range, not the seq of a record.
 */
export async function readTail(
  kinesis: KinesisClient,
  streamName: string,
  shardId: string,
  committedSeq: string,
): Promise<'records' | 'end' | 'unknown'> {
  const start = await kinesis.send(
    new GetShardIteratorCommand(
      committedSeq === NO_SEQ
        ? { ...streamTarget(streamName), ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }
        : {
            ...streamTarget(streamName),
            ShardId: shardId,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            StartingSequenceNumber: committedSeq,
          },
    ),
  );
  let it = start.ShardIterator;
  for (let i = 0; i < MAX_TAIL_READS && it; i++) {
    const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1 }));
    if ((res.Records ?? []).length > 0) return 'records';
    it = res.NextShardIterator;
  }
  return it ? 'unknown' : 'end';
}

/** Whether a closed shard holds no record after `committedSeq`: its committed seq is its last record (I5). */
export async function isDrained(
  kinesis: KinesisClient,
  streamName: string,
  shardId: string,
  committedSeq: string,
): Promise<boolean> {
  return (await readTail(kinesis, streamName, shardId, committedSeq)) === 'end';
}

/**
 * Marks a drained parent closed: its checkpoint doc gains `closed: true` at epoch + 1, conditioned
 * on the epoch read (attribute_not_exists for a parent that never committed). This fences every
 * other writer of the parent (a zombie, a clock tick) from then on. Throws CommitConflictError when
 * someone else wrote the parent first.
 */
export async function closeShard(dynamo: DynamoDBClient, table: string, cp: Checkpoint): Promise<Checkpoint> {
  if (cp.doc.closed) return cp;
  const doc = { ...cp.doc, closed: true };
  const { item } = checkpointItem(cp.stageId, cp.shardId, cp.epoch + 1, doc);
  await commitCheckpoint(dynamo, table, cp.stageId, cp.shardId, cp.epoch, item);
  return { ...cp, epoch: cp.epoch + 1, doc };
}

export const isCommitConflict = (err: unknown): err is CommitConflictError =>
  err instanceof CommitConflictError;
