import type { Expr } from '../spec/expr.ts';
import type { JoinType } from '../spec/join-spec.ts';
import type { Field } from '../spec/types.ts';
import type { LogicalPlan } from './plan.ts';

/**
 * How a join keeps state: per window, or per key with an event-time TTL. A window join buckets rows
 * by tumbling windows of `sizeMs`; when its inputs are hop window results, `sizeMs` is the slide and
 * `hopWidthMs` the hop width: results carry event time end − 1 and hop ends are multiples of the
 * slide, so each bucket holds exactly the results of the one hop window ending at its end.
 */
export type JoinMode =
  | { readonly kind: 'window'; readonly sizeMs: number; readonly hopWidthMs?: number | undefined }
  | { readonly kind: 'updating'; readonly ttlMs: number };

/**
 * A two-input equi-join. Each input plan already ends with a project that tags its rows with
 * `sideColumn`, puts the key values in `keys` and renames its columns to the output names
 * (`leftColumns`, `rightColumns`), so both inputs can shuffle into one edge stream.
 */
export interface JoinNode {
  readonly kind: 'join';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly joinType: JoinType;
  readonly mode: JoinMode;
  readonly sideColumn: string;
  readonly keys: readonly string[];
  readonly leftColumns: readonly string[];
  readonly rightColumns: readonly string[];
  /** The ON condition's non-equality rest, over the output row. */
  readonly residual: Expr | null;
  readonly schema: readonly Field[];
}
