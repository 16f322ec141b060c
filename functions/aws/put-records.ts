import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { chaosAfterPut, chaosBeforePut } from '../chaos/chaos-seams.ts';
import { EmitError } from '../errors.ts';
import { streamTarget } from './stream-target.ts';

export interface OutRecord {
  readonly data: string;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  /** I5: the shard this record is meant for; a record that lands elsewhere counts as `misrouted`. */
  readonly expectShardId?: string;
}

export interface PutResult {
  readonly records: number;
  readonly bytes: number;
  /** Kinesis PUT payload units: ceil(bytes / 25 KiB) per record. */
  readonly putUnits: number;
  /** I5: records acknowledged by a shard other than their `expectShardId` (the shard map changed). */
  readonly misrouted: number;
}

const MAX_RECORDS = 500;
const MAX_BYTES = 5 * 1024 * 1024;
const PUT_UNIT = 25 * 1024;
const MAX_ATTEMPTS = 12;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const putUnitsOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / PUT_UNIT));

/**
 * PutRecords in requests of ≤ 500 records / ≤ 5 MB, retrying only the entries that failed, with
 * exponential backoff and jitter. Resolves once every record is acknowledged. Order across
 * requests and retries is NOT kept (fact 2): callers that need ordering await this first.
 */
export async function putAll(
  kinesis: KinesisClient,
  streamName: string,
  records: readonly OutRecord[],
  concurrency = 4,
): Promise<PutResult> {
  const encoder = new TextEncoder();
  const entries: { entry: PutRecordsRequestEntry; bytes: number; expect?: string }[] = records.map((r) => {
    const data = encoder.encode(r.data);
    return {
      entry: {
        Data: data,
        PartitionKey: r.partitionKey,
        ...(r.explicitHashKey ? { ExplicitHashKey: r.explicitHashKey } : {}),
      },
      bytes: data.length + Buffer.byteLength(r.partitionKey),
      ...(r.expectShardId ? { expect: r.expectShardId } : {}),
    };
  });
  const batches: (typeof entries)[] = [];
  let cur: typeof entries = [];
  let curBytes = 0;
  for (const e of entries) {
    if (cur.length > 0 && (cur.length >= MAX_RECORDS || curBytes + e.bytes > MAX_BYTES)) {
      batches.push(cur);
      cur = [];
      curBytes = 0;
    }
    cur.push(e);
    curBytes += e.bytes;
  }
  if (cur.length > 0) batches.push(cur);

  let bytes = 0;
  let putUnits = 0;
  let misrouted = 0;
  const send = async (batch: typeof entries) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) {
        throw new EmitError(
          `PutRecords to ${streamName}: ${pending.length} records still failing after retries`,
        );
      }
      if (attempt > 0) await sleep(Math.min(3000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
      let res: PutRecordsCommandOutput;
      await chaosBeforePut(); // --chaos: a crash mid-emit, once some records are acknowledged
      try {
        res = await kinesis.send(
          new PutRecordsCommand({ ...streamTarget(streamName), Records: pending.map((p) => p.entry) }),
        );
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'ProvisionedThroughputExceededException' || name === 'LimitExceededException') continue;
        throw err;
      }
      const failed: typeof entries = [];
      (res.Records ?? []).forEach((r, i) => {
        const e = pending[i]!;
        if (r.ErrorCode) failed.push(e);
        else {
          bytes += e.bytes;
          putUnits += putUnitsOf(e.bytes);
          if (e.expect !== undefined && r.ShardId !== undefined && r.ShardId !== e.expect) misrouted++;
        }
      });
      chaosAfterPut(pending.length - failed.length);
      pending = failed;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await send(batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return { records: records.length, bytes, putUnits, misrouted };
}
