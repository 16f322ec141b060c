import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { EmitError } from '../errors.ts';
import { type OutRecord, type PutResult, putUnitsOf } from './put-records.ts';
import { streamTarget } from './stream-target.ts';

const MAX_RECORDS = 500;
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_FAILED_ROUNDS = 12;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * PutRecords that keeps every target's records in order, even under partial failures (fact 2:
 * Kinesis retries land after later records). A target is a hash key (ExplicitHashKey, else the
 * partition key). Each request carries at most the next unacknowledged record of each target, so a
 * failed record is always re-sent before anything after it. For producers whose consumers read
 * order as meaning, e.g. file ingest, where arrival order decides the source watermark and so
 * which rows are late. Resolves once every record is acknowledged.
 */
export async function putInOrder(
  kinesis: KinesisClient,
  streamName: string,
  records: readonly OutRecord[],
): Promise<PutResult> {
  const encoder = new TextEncoder();
  const queues = new Map<string, { entry: PutRecordsRequestEntry; bytes: number }[]>();
  for (const r of records) {
    const data = encoder.encode(r.data);
    const target = r.explicitHashKey ?? `pk:${r.partitionKey}`;
    let q = queues.get(target);
    if (!q) {
      q = [];
      queues.set(target, q);
    }
    q.push({
      entry: {
        Data: data,
        PartitionKey: r.partitionKey,
        ...(r.explicitHashKey ? { ExplicitHashKey: r.explicitHashKey } : {}),
      },
      bytes: data.length + Buffer.byteLength(r.partitionKey),
    });
  }
  let bytes = 0;
  let putUnits = 0;
  let failedRounds = 0;
  while (queues.size > 0) {
    const heads: { target: string; bytes: number; entry: PutRecordsRequestEntry }[] = [];
    let size = 0;
    for (const [target, q] of queues) {
      const head = q[0]!;
      if (heads.length >= MAX_RECORDS || (heads.length > 0 && size + head.bytes > MAX_BYTES)) break;
      heads.push({ target, ...head });
      size += head.bytes;
    }
    let res: PutRecordsCommandOutput | undefined;
    try {
      res = await kinesis.send(
        new PutRecordsCommand({ ...streamTarget(streamName), Records: heads.map((h) => h.entry) }),
      );
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'ProvisionedThroughputExceededException' && name !== 'LimitExceededException') throw err;
    }
    let failed = res === undefined;
    (res?.Records ?? []).forEach((r, i) => {
      const h = heads[i]!;
      if (r.ErrorCode) {
        failed = true;
        return;
      }
      bytes += h.bytes;
      putUnits += putUnitsOf(h.bytes);
      const q = queues.get(h.target)!;
      q.shift();
      if (q.length === 0) queues.delete(h.target);
    });
    if (!failed) {
      failedRounds = 0;
      continue;
    }
    if (++failedRounds >= MAX_FAILED_ROUNDS) {
      throw new EmitError(
        `PutRecords to ${streamName}: records still failing after ${MAX_FAILED_ROUNDS} rounds`,
      );
    }
    await sleep(Math.min(3000, 50 * 2 ** failedRounds) * (0.5 + Math.random() / 2));
  }
  return { records: records.length, bytes, putUnits, misrouted: 0 };
}
