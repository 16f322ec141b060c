import type { TopNSpec, UnnestSpec } from '../spec/breadth-spec.ts';
import type { Field } from '../spec/types.ts';
import type { LogicalPlan } from './plan.ts';
import type { UpdatingAggregateNode } from './updating-aggregate-node.ts';

/** Top-N per window partition (a shuffle by `spec.partitionBy`); adds `spec.rankColumn`. */
export interface TopNNode {
  readonly kind: 'top_n';
  readonly input: LogicalPlan;
  readonly spec: TopNSpec;
  readonly schema: readonly Field[];
}

/** UNNEST of an array column into one row per element (stateless). */
export interface UnnestNode {
  readonly kind: 'unnest';
  readonly input: LogicalPlan;
  readonly spec: UnnestSpec;
  readonly schema: readonly Field[];
}

/**
 * UNION ALL of inputs with the same column names and types. Each input's stages shuffle (by all
 * columns) into the one edge stream of the stage that starts here.
 */
export interface UnionNode {
  readonly kind: 'union';
  readonly inputs: readonly LogicalPlan[];
  readonly schema: readonly Field[];
}

export type BreadthNode = TopNNode | UnnestNode | UnionNode | UpdatingAggregateNode;
