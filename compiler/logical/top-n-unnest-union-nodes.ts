import type { TopNSpec, UnnestSpec } from '../spec/top-n-unnest-spec.ts';
import type { Field } from '../spec/types.ts';
import type { LogicalPlan, UnaryNode } from './plan.ts';

/** Top-N per window partition (a shuffle by `spec.partitionBy`); adds `spec.rankColumn`. */
export interface TopNNode extends UnaryNode<'top_n'> {
  readonly spec: TopNSpec;
}

/** UNNEST of an array column into one row per element (stateless). */
export interface UnnestNode extends UnaryNode<'unnest'> {
  readonly spec: UnnestSpec;
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
