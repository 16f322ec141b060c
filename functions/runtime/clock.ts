import type { CheckpointDoc } from '../state/checkpoint.ts';
import { WM_MAX, WM_MIN } from '../wire/watermark.ts';

/** A shard's watermark as far as downstream knows it: its own, or what the clock advanced it to. */
export const effectiveWatermark = (doc: Pick<CheckpointDoc, 'wm' | 'idleWm'>): number =>
  Math.max(doc.wm, doc.idleWm ?? WM_MIN);

export type ClockDecision =
  | { readonly kind: 'skip'; readonly reason: string }
  /** First quiet observation: commit `idleSince` so the idle time is measured from a committed fact. */
  | { readonly kind: 'mark-idle'; readonly since: number }
  /** Idle long enough: commit `idleWm = watermark`, then emit markers. */
  | { readonly kind: 'advance'; readonly watermark: number };

export interface ClockInput {
  readonly doc: CheckpointDoc;
  /** Whether the shard holds records after its committed seq (then it is not idle, only behind). */
  readonly pending: boolean;
  readonly nowMs: number;
  /** The source's `idleMs`; null: never idle. */
  readonly idleMs: number | null;
  /** Effective watermarks of the stage's other live shards. */
  readonly others: readonly number[];
}

/**
 * I6, the clock's decision for one source shard, from committed state and the wall clock only.
 * An idle shard is advanced to the most advanced watermark of its stage (so it no longer holds the
 * downstream minimum back, as Arroyo skips idle partitions), never to end-of-stream: a bounded
 * source ends by its own end-of-stream markers.
 */
export function decideTick(input: ClockInput): ClockDecision {
  const { doc } = input;
  if (input.idleMs === null) return { kind: 'skip', reason: 'source has no idle_micros' };
  if (doc.closed) return { kind: 'skip', reason: 'closed' };
  if (doc.eos) return { kind: 'skip', reason: 'end of stream' };
  if (input.pending) return { kind: 'skip', reason: 'records pending' };
  if (doc.idleSince === undefined) return { kind: 'mark-idle', since: input.nowMs };
  if (input.nowMs - doc.idleSince < input.idleMs) return { kind: 'skip', reason: 'not idle long enough' };
  let target = WM_MIN;
  for (const w of input.others) if (w < WM_MAX && w > target) target = w;
  if (target <= effectiveWatermark(doc)) return { kind: 'skip', reason: 'nothing to advance' };
  return { kind: 'advance', watermark: target };
}
