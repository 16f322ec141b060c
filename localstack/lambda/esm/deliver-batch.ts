import { randomUUID } from 'node:crypto';
import type { FaultContext, FaultInjector, InvokeOutcome } from '../../fault-injector.ts';
import type { InvokeResult } from '../function-worker.ts';
import { type BatchResponse, type KinesisRecord, kinesisEvent, readBatchResponse } from './kinesis-event.ts';
import type { PollerSettings } from './mapping-config.ts';
import type { FailedBatchRecord, ShardStats } from './stats.ts';

/** `undefined`: the function could not be invoked (missing): a service error, not counted. */
export type Invoker = (event: string) => Promise<InvokeResult | undefined>;

export interface DeliveryContext {
  readonly mappingUuid: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeIdentityArn: string;
  readonly shardId: string;
  readonly eventSourceArn: string;
  readonly settings: () => PollerSettings;
  readonly invoke: Invoker;
  readonly faults: FaultInjector;
  readonly stats: ShardStats;
  readonly stopped: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** The records up to and including `sequenceNumber` are done (processed or discarded). */
  readonly advance: (sequenceNumber: string) => void;
  /**
   * Delivers a batch given up on to the mapping's on-failure destination (`event`: the records as
   * the function got them). A rejection means the destination did not take it: it is retried.
   */
  readonly onFailed: (record: FailedBatchRecord, event: string) => Promise<void>;
  readonly log: (line: string) => void;
}

interface Segment {
  records: KinesisRecord[];
  retries: number;
  invokes: number;
}

const backoffMs = (retries: number) => Math.min(100 * 2 ** retries, 2_000);
const isoOf = (r: KinesisRecord) => new Date(r.ApproximateArrivalTimestamp * 1000).toISOString();

/**
 * Delivers one batch of a shard with Lambda's Kinesis ESM error handling: ReportBatchItemFailures
 * (restart from the lowest failed record), BisectBatchOnFunctionError (halves, not counted as
 * retries), MaximumRetryAttempts, MaximumRecordAgeInSeconds, and the on-failure report. Returns
 * once every record of the batch is processed or discarded, or the poller stops.
 */
export async function deliverBatch(ctx: DeliveryContext, batch: KinesisRecord[]): Promise<void> {
  const queue: Segment[] = [{ records: batch, retries: 0, invokes: 0 }];
  while (queue.length > 0 && !ctx.stopped()) {
    const seg = queue[0]!;
    const s = ctx.settings();
    if (s.maxRecordAgeMs !== undefined) {
      const cutoff = Date.now() - s.maxRecordAgeMs;
      let expired = 0;
      while (
        expired < seg.records.length &&
        seg.records[expired]!.ApproximateArrivalTimestamp * 1000 < cutoff
      )
        expired++;
      if (expired > 0) {
        const kept = await discard(
          ctx,
          { ...seg, records: seg.records.slice(0, expired) },
          'RecordAgeExceeded',
          s.destination,
        );
        if (!kept) return;
        seg.records = seg.records.slice(expired);
        if (seg.records.length === 0) {
          queue.shift();
          continue;
        }
      }
    }
    const fctx: FaultContext = {
      functionName: ctx.functionName,
      mappingUuid: ctx.mappingUuid,
      shardId: ctx.shardId,
      firstSequenceNumber: seg.records[0]!.SequenceNumber,
      lastSequenceNumber: seg.records[seg.records.length - 1]!.SequenceNumber,
      recordCount: seg.records.length,
      retries: seg.retries,
      invokes: seg.invokes,
    };
    const before = ctx.faults.beforeInvoke(fctx);
    // the records this invocation carries: the segment, or only its head under a 'prefix' fault
    let invoked = seg.records;
    switch (before.kind) {
      case 'none':
        break;
      case 'prefix':
        if (seg.records.length > 1)
          invoked = seg.records.slice(0, Math.max(1, Math.min(before.count, seg.records.length - 1)));
        break;
      case 'throttle':
        await ctx.sleep(backoffMs(0));
        continue;
      case 'truncate': {
        const n = Math.max(1, Math.min(before.count, seg.records.length - 1));
        if (seg.records.length > 1) {
          queue.splice(
            0,
            1,
            { ...seg, records: seg.records.slice(0, n) },
            { ...seg, records: seg.records.slice(n) },
          );
          continue;
        }
        break;
      }
      default: {
        const never: never = before;
        throw new Error(`unknown fault ${JSON.stringify(never)}`);
      }
    }

    ctx.stats.state = 'invoking';
    const event = kinesisEvent(invoked, ctx.shardId, ctx.eventSourceArn, ctx.invokeIdentityArn);
    const result = await ctx.invoke(event);
    ctx.stats.state = 'polling';
    if (ctx.stopped()) return;
    if (result === undefined) {
      await ctx.sleep(1_000);
      continue;
    }
    seg.invokes++;
    let response: BatchResponse | { readonly kind: 'error'; readonly detail: string } =
      result.kind === 'error'
        ? ({ kind: 'error', detail: `${result.error.errorType}: ${result.error.errorMessage}` } as const)
        : s.reportBatchItemFailures
          ? readBatchResponse(result.payload, invoked)
          : ({ kind: 'success' } as const);
    const outcome: InvokeOutcome =
      response.kind === 'success'
        ? 'success'
        : response.kind === 'partial'
          ? 'partial-failure'
          : result.kind === 'error' && result.timedOut
            ? 'timeout'
            : 'error';
    const after = ctx.faults.afterInvoke(fctx, outcome);
    if (after.kind === 'redeliver') continue;
    if (after.kind === 'partial' && response.kind === 'success') {
      response = { kind: 'partial', fromIndex: Math.max(0, Math.min(after.fromIndex, invoked.length - 1)) };
    }

    switch (response.kind) {
      case 'success':
        ctx.stats.batches++;
        ctx.stats.records += invoked.length;
        ctx.advance(invoked[invoked.length - 1]!.SequenceNumber);
        if (invoked.length < seg.records.length) {
          seg.records = seg.records.slice(invoked.length); // the rest of a 'prefix' delivery
          continue;
        }
        queue.shift();
        continue;
      case 'partial': {
        ctx.stats.errors++;
        if (response.fromIndex > 0) {
          ctx.stats.records += response.fromIndex;
          ctx.advance(seg.records[response.fromIndex - 1]!.SequenceNumber);
          seg.records = seg.records.slice(response.fromIndex);
        }
        break;
      }
      case 'malformed':
      case 'error': {
        ctx.stats.errors++;
        const detail =
          response.kind === 'error' ? response.detail : `malformed batch response: ${response.reason}`;
        ctx.log(
          `[esm ${ctx.mappingUuid.slice(0, 8)} ${ctx.shardId}] batch of ${seg.records.length} failed: ${detail}`,
        );
        if (s.bisect && seg.records.length > 1) {
          ctx.faults.onBisect?.(fctx);
          const half = Math.ceil(seg.records.length / 2);
          queue.splice(
            0,
            1,
            { records: seg.records.slice(0, half), retries: seg.retries, invokes: 0 },
            { records: seg.records.slice(half), retries: seg.retries, invokes: 0 },
          );
          continue;
        }
        break;
      }
      default: {
        const never: never = response;
        throw new Error(`unknown response ${JSON.stringify(never)}`);
      }
    }
    // a failed (or partially failed) attempt: retry or give up
    if (s.maxRetries !== -1 && seg.retries >= s.maxRetries) {
      if (!(await discard(ctx, seg, 'RetryAttemptsExhausted', s.destination))) return;
      queue.shift();
      continue;
    }
    ctx.stats.state = 'backing-off';
    await ctx.sleep(backoffMs(seg.retries));
    ctx.stats.state = 'polling';
    seg.retries++;
  }
}

/**
 * Gives up on a segment: hands it to the on-failure destination, retrying until the destination
 * takes it (the records are skipped only once they are kept), then moves the shard past it. False
 * when the poller stopped first (nothing skipped).
 */
async function discard(
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
