import type { FaultContext, FaultInjector, InvokeOutcome } from '../../fault-injector.ts';
import type { InvokeResult } from '../function-worker.ts';
import { backoffMs, discard, type Segment } from './discard-segment.ts';
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

/** A function's answer to one invocation: its batch response, or its error. */
type Response = BatchResponse | { readonly kind: 'error'; readonly detail: string };

/**
 * Where the delivery loop goes after a step: on with this attempt (`go`), to the next attempt (the
 * queue or its head changed: `next`), or out (the poller stopped: `stop`).
 */
type Flow = 'go' | 'next' | 'stop';

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
    const aged = await discardExpired(ctx, queue, seg, s);
    if (aged === 'stop') return;
    if (aged === 'next') continue;
    const fctx = faultContext(ctx, seg);
    const invoked = await beforeInvoke(ctx, queue, seg, fctx);
    if (invoked === 'next') continue;
    const response = await invokeOnce(ctx, seg, s, invoked, fctx);
    if (response === 'stop') return;
    if (response === 'next') continue;
    if (settle(ctx, queue, seg, s, invoked, response, fctx) === 'next') continue;
    // a failed (or partially failed) attempt: retry or give up
    if ((await retryOrGiveUp(ctx, queue, seg, s)) === 'stop') return;
  }
}

/** MaximumRecordAgeInSeconds: discards the segment's records older than the limit. */
async function discardExpired(
  ctx: DeliveryContext,
  queue: Segment[],
  seg: Segment,
  s: PollerSettings,
): Promise<Flow> {
  if (s.maxRecordAgeMs === undefined) return 'go';
  const cutoff = Date.now() - s.maxRecordAgeMs;
  let expired = 0;
  while (expired < seg.records.length && seg.records[expired]!.ApproximateArrivalTimestamp * 1000 < cutoff)
    expired++;
  if (expired === 0) return 'go';
  const kept = await discard(
    ctx,
    { ...seg, records: seg.records.slice(0, expired) },
    'RecordAgeExceeded',
    s.destination,
  );
  if (!kept) return 'stop';
  seg.records = seg.records.slice(expired);
  if (seg.records.length > 0) return 'go';
  queue.shift();
  return 'next';
}

function faultContext(ctx: DeliveryContext, seg: Segment): FaultContext {
  return {
    functionName: ctx.functionName,
    mappingUuid: ctx.mappingUuid,
    shardId: ctx.shardId,
    firstSequenceNumber: seg.records[0]!.SequenceNumber,
    lastSequenceNumber: seg.records[seg.records.length - 1]!.SequenceNumber,
    recordCount: seg.records.length,
    retries: seg.retries,
    invokes: seg.invokes,
  };
}

/**
 * The injected fault before an invocation: the records it carries (the segment, or only its head
 * under a 'prefix' fault), or `next` after a throttle or a truncated batch.
 */
async function beforeInvoke(
  ctx: DeliveryContext,
  queue: Segment[],
  seg: Segment,
  fctx: FaultContext,
): Promise<KinesisRecord[] | 'next'> {
  const before = ctx.faults.beforeInvoke(fctx);
  switch (before.kind) {
    case 'none':
      return seg.records;
    case 'prefix':
      if (seg.records.length > 1)
        return seg.records.slice(0, Math.max(1, Math.min(before.count, seg.records.length - 1)));
      return seg.records;
    case 'throttle':
      await ctx.sleep(backoffMs(0));
      return 'next';
    case 'truncate': {
      const n = Math.max(1, Math.min(before.count, seg.records.length - 1));
      if (seg.records.length > 1) {
        queue.splice(
          0,
          1,
          { ...seg, records: seg.records.slice(0, n) },
          { ...seg, records: seg.records.slice(n) },
        );
        return 'next';
      }
      return seg.records;
    }
    default: {
      const never: never = before;
      throw new Error(`unknown fault ${JSON.stringify(never)}`);
    }
  }
}

/** Invokes the function with `invoked` and reads its response, after the injected fault. */
async function invokeOnce(
  ctx: DeliveryContext,
  seg: Segment,
  s: PollerSettings,
  invoked: KinesisRecord[],
  fctx: FaultContext,
): Promise<Response | 'next' | 'stop'> {
  ctx.stats.state = 'invoking';
  const event = kinesisEvent(invoked, ctx.shardId, ctx.eventSourceArn, ctx.invokeIdentityArn);
  const result = await ctx.invoke(event);
  ctx.stats.state = 'polling';
  if (ctx.stopped()) return 'stop';
  if (result === undefined) {
    await ctx.sleep(1_000);
    return 'next';
  }
  seg.invokes++;
  const response: Response =
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
  if (after.kind === 'redeliver') return 'next';
  if (after.kind === 'partial' && response.kind === 'success')
    return { kind: 'partial', fromIndex: Math.max(0, Math.min(after.fromIndex, invoked.length - 1)) };
  return response;
}

/**
 * Acts on a response: a success advances the shard; a partial failure advances it to the first
 * failed record; an error bisects the segment when the mapping says so. `go`: the attempt failed.
 */
function settle(
  ctx: DeliveryContext,
  queue: Segment[],
  seg: Segment,
  s: PollerSettings,
  invoked: KinesisRecord[],
  response: Response,
  fctx: FaultContext,
): Flow {
  switch (response.kind) {
    case 'success':
      ctx.stats.batches++;
      ctx.stats.records += invoked.length;
      ctx.advance(invoked[invoked.length - 1]!.SequenceNumber);
      if (invoked.length < seg.records.length)
        seg.records = seg.records.slice(invoked.length); // the rest of a 'prefix' delivery
      else queue.shift();
      return 'next';
    case 'partial':
      ctx.stats.errors++;
      if (response.fromIndex > 0) {
        ctx.stats.records += response.fromIndex;
        ctx.advance(seg.records[response.fromIndex - 1]!.SequenceNumber);
        seg.records = seg.records.slice(response.fromIndex);
      }
      return 'go';
    case 'malformed':
    case 'error': {
      ctx.stats.errors++;
      const detail =
        response.kind === 'error' ? response.detail : `malformed batch response: ${response.reason}`;
      ctx.log(
        `[esm ${ctx.mappingUuid.slice(0, 8)} ${ctx.shardId}] batch of ${seg.records.length} failed: ${detail}`,
      );
      if (!s.bisect || seg.records.length <= 1) return 'go';
      ctx.faults.onBisect?.(fctx);
      const half = Math.ceil(seg.records.length / 2);
      queue.splice(
        0,
        1,
        { records: seg.records.slice(0, half), retries: seg.retries, invokes: 0 },
        { records: seg.records.slice(half), retries: seg.retries, invokes: 0 },
      );
      return 'next';
    }
    default: {
      const never: never = response;
      throw new Error(`unknown response ${JSON.stringify(never)}`);
    }
  }
}

/** After a failed attempt: gives the segment up once its retries are spent, else backs off. */
async function retryOrGiveUp(
  ctx: DeliveryContext,
  queue: Segment[],
  seg: Segment,
  s: PollerSettings,
): Promise<Flow> {
  if (s.maxRetries !== -1 && seg.retries >= s.maxRetries) {
    if (!(await discard(ctx, seg, 'RetryAttemptsExhausted', s.destination))) return 'stop';
    queue.shift();
    return 'next';
  }
  ctx.stats.state = 'backing-off';
  await ctx.sleep(backoffMs(seg.retries));
  ctx.stats.state = 'polling';
  seg.retries++;
  return 'next';
}
