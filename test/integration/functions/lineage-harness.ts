import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { handleWith } from '../../../functions/handler.ts';
import { loadCheckpoint } from '../../../functions/state/checkpoint-store.ts';
import type { KinesisEventRecord } from '../../../functions/wire/kinesis-event.ts';
import { cmpSeq } from '../../../functions/wire/seq.ts';
import { kinesisEvent, type PipelineDriver, readShard } from './harness.ts';

/** Errors the event source mapping would retry and the protocol expects (I1, I5). */
const RETRYABLE = new Set(['LINEAGE_NOT_READY', 'SHARD_MAP_CHANGED', 'COMMIT_CONFLICT']);

export async function allShards(kinesis: KinesisClient, stream: string): Promise<Shard[]> {
  const res = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  return (res.Shards ?? []).sort((a, b) => ((a.ShardId ?? '') < (b.ShardId ?? '') ? -1 : 1));
}

/** Records of a shard above its committed seq. */
export async function pending(
  driver: PipelineDriver,
  stageId: string,
  shardId: string,
): Promise<KinesisEventRecord[]> {
  const cp = await loadCheckpoint(driver.dynamo, driver.table, stageId, shardId);
  const records = await readShard(driver.kinesis, driver.inputStream(stageId), shardId);
  return records.filter((r) => cmpSeq(r.kinesis.sequenceNumber, cp.doc.seq) > 0);
}

/** Invokes one batch; retryable protocol errors are returned (the mapping would retry), others thrown. */
export async function invoke(
  driver: PipelineDriver,
  stageId: string,
  records: readonly KinesisEventRecord[],
): Promise<string | undefined> {
  try {
    await handleWith(driver.context(stageId), kinesisEvent(records));
    return undefined;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && RETRYABLE.has(code)) return code;
    throw err;
  }
}

/**
 * Processes up to `limit` pending records of one shard in batches of `batch`, retrying retryable
 * errors a few times (as the mapping would). Returns the codes of refused attempts.
 */
export async function runShard(
  driver: PipelineDriver,
  stageId: string,
  shardId: string,
  opts: { batch?: number; limit?: number } = {},
): Promise<string[]> {
  const refused: string[] = [];
  let left = opts.limit ?? Number.POSITIVE_INFINITY;
  for (let guard = 0; guard < 10_000 && left > 0; guard++) {
    const todo = (await pending(driver, stageId, shardId)).slice(0, Math.min(opts.batch ?? 3, left));
    if (todo.length === 0) break;
    const code = await invoke(driver, stageId, todo);
    if (code === undefined) left -= todo.length;
    else {
      refused.push(code);
      if (code === 'LINEAGE_NOT_READY') break;
      if (refused.length > 20) throw new Error(`${stageId}/${shardId} keeps failing: ${code}`);
    }
  }
  return refused;
}

/**
 * Drains every shard of a stage's input stream like a set of ESM pollers: shards in id order,
 * refused children retried on the next pass, until no shard has pending records.
 */
export async function drainStage(driver: PipelineDriver, stageId: string, batch = 3): Promise<string[]> {
  const refused: string[] = [];
  for (let pass = 0; pass < 50; pass++) {
    let left = 0;
    for (const s of await allShards(driver.kinesis, driver.inputStream(stageId))) {
      refused.push(...(await runShard(driver, stageId, s.ShardId ?? '', { batch })));
      left += (await pending(driver, stageId, s.ShardId ?? '')).length;
    }
    if (left === 0) return refused;
  }
  throw new Error(`stage ${stageId} did not drain`);
}

export type { DynamoDBClient };
