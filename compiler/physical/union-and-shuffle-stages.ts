import { sink } from '../logical/build.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { TopNNode, UnionNode } from '../logical/top-n-unnest-union-nodes.ts';
import type { UpdatingAggregateNode } from '../logical/updating-aggregate-node.ts';
import type { OperatorSpec } from '../spec/pipeline-spec.ts';
import { renumberStages } from './renumber-stages.ts';
import type { PhysicalStage } from './stages.ts';

/** Stand-in sink for a union input; its last stage shuffles into the union stage instead. */
const TO_UNION = { kind: 'preview', stream: 'preview' } as const;

/**
 * The stages of a UNION ALL's inputs, numbered in order, each ending in a shuffle (by all its
 * columns, which spreads rows over the key groups) into the union stage's ONE edge stream; and the
 * union stage's input. The union stage's watermark is the minimum over all inputs' producers.
 */
export function unionStart(
  node: UnionNode,
  split: (plan: LogicalPlan) => PhysicalStage[],
  offset = 0,
): { stages: PhysicalStage[]; input: PhysicalStage['input']; operators: OperatorSpec[] } {
  const stages: PhysicalStage[] = [];
  const from: string[] = [];
  for (const plan of node.inputs) {
    const base = offset + stages.length;
    const own = renumberStages(split(sink(plan, TO_UNION)), base);
    const last = own.pop();
    if (last === undefined) throw new Error('union input without stages');
    own.push({ ...last, output: { kind: 'shuffle', keyBy: node.schema.map((f) => f.name) } });
    stages.push(...own);
    from.push(last.id);
  }
  return { stages, input: { kind: 'edge', from }, operators: [] };
}

/** The shuffle key and the operator of a stage that a top-N or an updating aggregate starts. */
export function shuffleOperator(node: TopNNode | UpdatingAggregateNode): {
  keyBy: readonly string[];
  op: OperatorSpec;
} {
  if (node.kind === 'top_n') return { keyBy: node.spec.partitionBy, op: { ...node.spec } };
  return {
    keyBy: node.keys,
    op: {
      kind: 'updating_aggregate',
      keys: [...node.keys],
      aggregates: node.aggregates.map((a) => ({ ...a })),
      having: node.having,
      columns: node.columns.map((c) => ({ name: c.name, expr: c.expr })),
    },
  };
}
