import type { Expr } from '../spec/expr.ts';
import type { AggregateFn, SinkSpec, SourceSpec, WindowSpec } from '../spec/pipeline-spec.ts';
import type { Field, ScalarType } from '../spec/types.ts';
import type { BreadthNode } from './breadth-nodes.ts';
import type { JoinNode } from './join-node.ts';

/**
 * The logical plan: a chain of relational operators over rows of named columns. Expressions are
 * already the spec's typed Expr IR. Every node states the schema of the rows it produces.
 */
export interface ScanNode {
  readonly kind: 'scan';
  readonly source: SourceSpec;
  readonly schema: readonly Field[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: Expr;
  readonly schema: readonly Field[];
}

export interface ProjectColumn {
  readonly name: string;
  readonly expr: Expr;
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly columns: readonly ProjectColumn[];
  readonly schema: readonly Field[];
}

export interface AggregateCall {
  readonly name: string;
  readonly fn: AggregateFn;
  /** Input column, null for count(*). */
  readonly arg: string | null;
  /** Second input column of a two-argument aggregate (corr, covar_*, regr_*). */
  readonly arg2?: string;
  readonly type: ScalarType;
  /** The UDF id of a `udaf`. */
  readonly udf?: string;
}

/** Keyed event-time window aggregate; its input must already hold just the keys and arguments. */
export interface WindowAggregateNode {
  readonly kind: 'window_aggregate';
  readonly input: LogicalPlan;
  readonly window: WindowSpec;
  readonly keys: readonly string[];
  readonly aggregates: readonly AggregateCall[];
  readonly windowStartColumn: string;
  readonly windowEndColumn: string;
  /**
   * Set when the GROUP BY window is the input's own window (re-aggregating window results per
   * window): `window` is then a tumble of the input's bucket and the rows keep the input's window.
   */
  readonly perInputWindow?: boolean;
  readonly schema: readonly Field[];
}

export interface SinkNode {
  readonly kind: 'sink';
  readonly input: LogicalPlan;
  readonly sink: SinkSpec;
  readonly schema: readonly Field[];
}

export type LogicalPlan =
  | ScanNode
  | FilterNode
  | ProjectNode
  | WindowAggregateNode
  | SinkNode
  | JoinNode
  | BreadthNode;
