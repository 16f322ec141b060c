import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { type OutRecord, putAll } from '../aws/put-records.ts';
import { ShardDirectory } from '../aws/shard-directory.ts';
import { listCheckpoints } from '../state/checkpoint-store.ts';
import { markerRecord } from '../wire/envelope-packer.ts';
import type { ShardRange } from '../wire/routing.ts';
import { NO_SEQ } from '../wire/seq.ts';
import { WM_MAX } from '../wire/watermark.ts';

/** What an ingest producer ended with: its id and each part's last line number. */
export interface IngestEnds {
  readonly producer: string;
  /** `lastHi[k]`: the highest line number part `k` sent (NO_SEQ if none). */
  readonly lastHi: readonly string[];
}

/**
 * End-of-stream markers from every part of `ends` to each of `shards`. Markers claim nothing new
 * (`lo = hi = lastHi`) and carry +∞, so a repeat is a duplicate-free no-op for the consumer (I4).
 */
export function ingestEosRecords(ends: IngestEnds, shards: readonly ShardRange[]): OutRecord[] {
  return shards.flatMap((s) =>
    ends.lastHi.map((hi, k) => ({
      data: markerRecord({
        producer: ends.producer,
        shard: `part-${k}`,
        frontier: NO_SEQ,
        lo: hi,
        hi,
        watermark: WM_MAX,
        eos: true,
      }),
      partitionKey: `${ends.producer}/part-${k}`,
      explicitHashKey: s.startingHashKey,
    })),
  );
}

export interface ReannounceOptions {
  readonly kinesis: KinesisClient;
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  /** The source stage reading the ingest stream. */
  readonly stageId: string;
  readonly streamName: string;
  readonly ends: IngestEnds;
}

/**
 * I5 × I6 for file ingest, as the clock does for stages: after ingest ended, an open shard of the
 * ingest stream whose stage has not committed end-of-stream may be a child created by a reshard
 * after the last marker, which no record would ever reach. Re-send it the end-of-stream markers.
 * A shard that is merely behind gets them after its data, which is harmless. Returns the number of
 * markers sent.
 */
export async function reannounceIngestEos(opts: ReannounceOptions): Promise<number> {
  const open = await new ShardDirectory(opts.kinesis, 0).open(opts.streamName);
  const done = new Set(
    (await listCheckpoints(opts.dynamo, opts.table, opts.stageId))
      .filter((cp) => cp.doc.eos)
      .map((cp) => cp.shardId),
  );
  const waiting = open.filter((s) => !done.has(s.shardId));
  if (waiting.length === 0) return 0;
  const records = ingestEosRecords(opts.ends, waiting);
  await putAll(opts.kinesis, opts.streamName, records);
  return records.length;
}
