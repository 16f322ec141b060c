/**
 * The seam for fault injection (`sluice run --chaos`). The ESM pollers consult it around every
 * invocation. The default injects nothing.
 */
export interface FaultContext {
  readonly functionName: string;
  readonly mappingUuid: string;
  readonly shardId: string;
  /** Sequence numbers of the first and last record of the batch about to be (or just) delivered. */
  readonly firstSequenceNumber: string;
  readonly lastSequenceNumber: string;
  readonly recordCount: number;
  /** Failed attempts of this segment so far (0 on its first delivery). */
  readonly retries?: number;
  /** Invocations of this segment that returned before this one. */
  readonly invokes?: number;
}

export type BeforeInvokeFault =
  | { readonly kind: 'none' }
  /** Re-batching: deliver only the first `count` records now (1 ≤ count < recordCount); the rest come in a later batch. */
  | { readonly kind: 'truncate'; readonly count: number }
  /** Throttling: skip this invocation and retry the same records later, not counted as a retry. */
  | { readonly kind: 'throttle' }
  /**
   * Re-batching: invoke with only the first `count` records (1 ≤ count < recordCount). On success the
   * rest follow; on failure the retry carries the whole segment again, a longer batch than the failed one.
   */
  | { readonly kind: 'prefix'; readonly count: number };

export type InvokeOutcome = 'success' | 'partial-failure' | 'error' | 'timeout';

export type AfterInvokeFault =
  | { readonly kind: 'none' }
  /** Duplicate delivery: act as if the result was lost, and deliver the same records again. */
  | { readonly kind: 'redeliver' }
  /**
   * After a success: act as if the function reported `batchItemFailures` from record `fromIndex`
   * on (ReportBatchItemFailures), so the mapping restarts there and re-delivers processed records.
   */
  | { readonly kind: 'partial'; readonly fromIndex: number };

export interface FaultInjector {
  beforeInvoke(ctx: FaultContext): BeforeInvokeFault;
  afterInvoke(ctx: FaultContext, outcome: InvokeOutcome): AfterInvokeFault;
  /** Told when a failed batch is bisected (BisectBatchOnFunctionError), e.g. to count it. */
  onBisect?(ctx: FaultContext): void;
}

export const noFaults: FaultInjector = {
  beforeInvoke: () => ({ kind: 'none' }),
  afterInvoke: () => ({ kind: 'none' }),
};
