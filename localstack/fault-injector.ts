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
}

export type BeforeInvokeFault =
  | { readonly kind: 'none' }
  /** Re-batching: deliver only the first `count` records now (1 ≤ count < recordCount); the rest come in a later batch. */
  | { readonly kind: 'truncate'; readonly count: number }
  /** Throttling: skip this invocation and retry the same records later, not counted as a retry. */
  | { readonly kind: 'throttle' };

export type InvokeOutcome = 'success' | 'partial-failure' | 'error' | 'timeout';

export type AfterInvokeFault =
  | { readonly kind: 'none' }
  /** Duplicate delivery: act as if the result was lost, and deliver the same records again. */
  | { readonly kind: 'redeliver' };

export interface FaultInjector {
  beforeInvoke(ctx: FaultContext): BeforeInvokeFault;
  afterInvoke(ctx: FaultContext, outcome: InvokeOutcome): AfterInvokeFault;
}

export const noFaults: FaultInjector = {
  beforeInvoke: () => ({ kind: 'none' }),
  afterInvoke: () => ({ kind: 'none' }),
};
