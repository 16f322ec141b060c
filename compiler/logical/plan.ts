import type { Expr } from '../spec/expr.ts';
import type { AggregateFn, SinkSpec, SourceSpec, WindowSpec } from '../spec/pipeline-spec.ts';
import type { Field, ScalarType } from '../spec/types.ts';
import type { JoinNode } from './join-node.ts';
import type { TopNNode, UnionNode, UnnestNode } from './top-n-unnest-union-nodes.ts';
import type { UpdatingAggregateNode } from './updating-aggregate-node.ts';

/**
 * The logical plan: a chain of relational operators over rows of named columns. Expressions are
 * already the spec's typed Expr IR. Every node states the schema of the rows it produces.
 */
export interface ScanNode {
  readonly kind: 'scan';
  readonly source: SourceSpec;
  readonly schema: readonly Field[];
}

/** A node over one input plan; it states the schema of the rows it produces. */
export interface UnaryNode<K extends string> {
  readonly kind: K;
  readonly input: LogicalPlan;
  readonly schema: readonly Field[];
}

export interface FilterNode extends UnaryNode<'filter'> {
  readonly predicate: Expr;
}

export interface ProjectColumn {
  readonly name: string;
  readonly expr: Expr;
}

export interface ProjectNode extends UnaryNode<'project'> {
  readonly columns: readonly ProjectColumn[];
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
export interface WindowAggregateNode extends UnaryNode<'window_aggregate'> {
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
}

export interface SinkNode extends UnaryNode<'sink'> {
  readonly sink: SinkSpec;
}

export type LogicalPlan =
  | ScanNode
  | FilterNode
  | ProjectNode
  | WindowAggregateNode
  | SinkNode
  | JoinNode
  | TopNNode
  | UnnestNode
  | UnionNode
  | UpdatingAggregateNode;
