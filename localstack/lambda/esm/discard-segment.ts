import { randomUUID } from 'node:crypto';
import type { DeliveryContext } from './deliver-batch.ts';
import { type KinesisRecord, kinesisEvent } from './kinesis-event.ts';
import type { FailedBatchRecord } from './stats.ts';

/** Records of a batch delivered together, with their attempts so far. */
export interface Segment {
  records: KinesisRecord[];
  retries: number;
  invokes: number;
}

export const backoffMs = (retries: number) => Math.min(100 * 2 ** retries, 2_000);
const isoOf = (r: KinesisRecord) => new Date(r.ApproximateArrivalTimestamp * 1000).toISOString();

/**
 * Gives up on a segment: hands it to the on-failure destination, retrying until the destination
 * takes it (the records are skipped only once they are kept), then moves the shard past it. False
 * when the poller stopped first (nothing skipped).
 */
export async function discard(
  ctx: DeliveryContext,
  seg: Segment,
  condition: FailedBatchRecord['requestContext']['condition'],
  destination: string | undefined,
): Promise<boolean> {
  const first = seg.records[0]!;
  const last = seg.records[seg.records.length - 1]!;
  const record: FailedBatchRecord = {
    requestContext: {
      requestId: randomUUID(),
      functionArn: ctx.functionArn,
      condition,
      approximateInvokeCount: seg.invokes,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    KinesisBatchInfo: {
      shardId: ctx.shardId,
      startSequenceNumber: first.SequenceNumber,
      endSequenceNumber: last.SequenceNumber,
      approximateArrivalOfFirstRecord: isoOf(first),
      approximateArrivalOfLastRecord: isoOf(last),
      batchSize: seg.records.length,
      streamArn: ctx.eventSourceArn,
    },
    mappingUuid: ctx.mappingUuid,
    destination,
  };
  const event = kinesisEvent(seg.records, ctx.shardId, ctx.eventSourceArn, ctx.invokeIdentityArn);
  for (let attempt = 0; ; attempt++) {
    if (ctx.stopped()) return false;
    try {
      await ctx.onFailed(record, event);
      break;
    } catch (err) {
      ctx.stats.state = 'backing-off';
      ctx.log(
        `[esm ${ctx.mappingUuid.slice(0, 8)} ${ctx.shardId}] on-failure destination ${destination} did not take ` +
          `${first.SequenceNumber}..${last.SequenceNumber}: ${(err as Error).message}; retrying`,
      );
      await ctx.sleep(backoffMs(attempt));
      ctx.stats.state = 'polling';
    }
  }
  ctx.stats.discardedBatches++;
  ctx.advance(last.SequenceNumber);
  ctx.log(
    `[esm ${ctx.mappingUuid.slice(0, 8)} ${ctx.shardId}] ${condition}: skipped ${seg.records.length} record(s) ${first.SequenceNumber}..${last.SequenceNumber}`,
  );
  return true;
}
