import type { Invoker } from './deliver-batch.ts';
import {
  type KafkaBatchResponse,
  type KafkaEventSource,
  type KafkaRecord,
  kafkaEvent,
  partitionKey,
  readKafkaBatchResponse,
} from './kafka-event.ts';
import type { PollerSettings } from './mapping-config.ts';

/**
 * The error handling of a Lambda event source mapping for Kafka (Amazon MSK and self-managed), as
 * AWS documents it (lambda/latest/dg: with-msk-process, kafka-retry-configurations,
 * kafka-on-failure, kafka-on-failure-destination):
 * - Lambda reads each partition in order and commits a batch's offsets to the cluster only after
 *   the function succeeded; one batch may hold several partitions.
 * - By default a failed batch is retried until it succeeds (the partition does not move on).
 * - The error-handling controls (provisioned mode only): MaximumRetryAttempts (0-10000, -1 =
 *   infinite, the default), MaximumRecordAgeInSeconds (60-604800, -1 = infinite),
 *   BisectBatchOnFunctionError (split a failed batch in two, retry each), and
 *   ReportBatchItemFailures (retry only the failed records).
 * - Records given up on (retries exhausted or too old) go to the on-failure destination: SQS, SNS
 *   or S3 get an invocation record (S3 also the whole event), a `kafka://topic` destination gets
 *   the records themselves; infinite retries with a destination become at most 10 retries.
 * Here: retries back off 100 ms × 2^n up to 2 s; a bisected half keeps its parent's retry count
 * (as the Kinesis emulator); ReportBatchItemFailures restarts each failed partition from its lowest
 * failed offset, and the rest of the batch counts as done.
 */
/** The same knobs as a Kinesis mapping's (mapping-config.ts), read before every batch. */
export type KafkaPollerSettings = PollerSettings;

/** What the poller reports for records it gave up on (the emulator's on-failure record). */
export interface KafkaFailedBatch {
  readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
  readonly approximateInvokeCount: number;
  readonly destination: string | undefined;
  /** Per `<topic>-<partition>`: the first and last offset given up on and how many. */
  readonly partitions: Readonly<
    Record<string, { startOffset: string; endOffset: string; batchSize: number }>
  >;
  readonly timestamp: string;
}

export interface KafkaDeliveryContext {
  readonly source: KafkaEventSource;
  readonly settings: () => KafkaPollerSettings;
  readonly invoke: Invoker;
  /** These records are done (processed or given up on): commit them. */
  readonly commit: (records: readonly KafkaRecord[]) => Promise<void>;
  readonly onFailed: (failed: KafkaFailedBatch, event: string) => Promise<void>;
  readonly stopped: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  readonly stats: { batches: number; records: number; errors: number; discardedBatches: number };
}

interface Segment {
  records: KafkaRecord[];
  retries: number;
  invokes: number;
}

const backoffMs = (retries: number) => Math.min(100 * 2 ** retries, 2_000);

/** Delivers one batch with the Kafka ESM's error handling; returns when it is all done or stopped. */
export async function deliverKafkaBatch(ctx: KafkaDeliveryContext, batch: KafkaRecord[]): Promise<void> {
  const queue: Segment[] = [{ records: batch, retries: 0, invokes: 0 }];
  while (queue.length > 0 && !ctx.stopped()) {
    const seg = queue[0]!;
    const s = ctx.settings();
    if (s.maxRecordAgeMs !== undefined) {
      const cutoff = Date.now() - s.maxRecordAgeMs;
      const old = seg.records.filter((r) => r.timestamp < cutoff);
      if (old.length > 0) {
        if (!(await giveUp(ctx, { ...seg, records: old }, 'RecordAgeExceeded', s.destination))) return;
        seg.records = seg.records.filter((r) => r.timestamp >= cutoff);
        if (seg.records.length === 0) {
          queue.shift();
          continue;
        }
      }
    }
    const result = await ctx.invoke(kafkaEvent(seg.records, ctx.source));
    if (ctx.stopped()) return;
    if (result === undefined) {
      await ctx.sleep(1_000); // the function could not be invoked: a service error, not a retry
      continue;
    }
    seg.invokes++;
    const response: KafkaBatchResponse | { readonly kind: 'error'; readonly detail: string } =
      result.kind === 'error'
        ? { kind: 'error', detail: `${result.error.errorType}: ${result.error.errorMessage}` }
        : s.reportBatchItemFailures
          ? readKafkaBatchResponse(result.payload, seg.records)
          : { kind: 'success' };
    switch (response.kind) {
      case 'success':
        ctx.stats.batches++;
        ctx.stats.records += seg.records.length;
        await ctx.commit(seg.records);
        queue.shift();
        continue;
      case 'partial': {
        ctx.stats.errors++;
        const failed = (r: KafkaRecord) => {
          const from = response.retryFrom.get(partitionKey(r));
          return from !== undefined && BigInt(r.offset) >= from;
        };
        const done = seg.records.filter((r) => !failed(r));
        ctx.stats.records += done.length;
        if (done.length > 0) await ctx.commit(done);
        seg.records = seg.records.filter(failed);
        break;
      }
      case 'malformed':
      case 'error': {
        ctx.stats.errors++;
        const detail =
          response.kind === 'error' ? response.detail : `malformed batch response: ${response.reason}`;
        ctx.log(`[esm kafka] batch of ${seg.records.length} failed: ${detail}`);
        if (s.bisect && seg.records.length > 1) {
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
    const max = s.maxRetries === -1 && s.destination !== undefined ? 10 : s.maxRetries;
    if (max !== -1 && seg.retries >= max) {
      if (!(await giveUp(ctx, seg, 'RetryAttemptsExhausted', s.destination))) return;
      queue.shift();
      continue;
    }
    await ctx.sleep(backoffMs(seg.retries));
    seg.retries++;
  }
}

/** Reports records given up on (until the destination takes them), then commits past them. */
async function giveUp(
  ctx: KafkaDeliveryContext,
  seg: Segment,
  condition: KafkaFailedBatch['condition'],
  destination: string | undefined,
): Promise<boolean> {
  const partitions: Record<string, { startOffset: string; endOffset: string; batchSize: number }> = {};
  for (const r of seg.records) {
    const k = partitionKey(r);
    const p = partitions[k];
    if (p === undefined) partitions[k] = { startOffset: r.offset, endOffset: r.offset, batchSize: 1 };
    else {
      p.endOffset = r.offset;
      p.batchSize++;
    }
  }
  const failed: KafkaFailedBatch = {
    condition,
    approximateInvokeCount: seg.invokes,
    destination,
    partitions,
    timestamp: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    if (ctx.stopped()) return false;
    try {
      await ctx.onFailed(failed, kafkaEvent(seg.records, ctx.source));
      break;
    } catch (err) {
      ctx.log(
        `[esm kafka] on-failure destination ${destination} refused: ${(err as Error).message}; retrying`,
      );
      await ctx.sleep(backoffMs(attempt));
    }
  }
  ctx.stats.discardedBatches++;
  await ctx.commit(seg.records);
  ctx.log(`[esm kafka] ${condition}: skipped ${seg.records.length} record(s) ${JSON.stringify(partitions)}`);
  return true;
}
