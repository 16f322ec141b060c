import { sink } from '../logical/build.ts';
import type { JoinNode } from '../logical/join-node.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { OperatorSpec } from '../spec/pipeline-spec.ts';
import { renumberStages } from './renumber-stages.ts';
import type { PhysicalStage } from './stages.ts';

/** Stand-in sink for an input plan; the input's last stage shuffles into the join instead. */
const TO_JOIN = { kind: 'preview', stream: 'preview' } as const;

/**
 * The stages of a join's two inputs, numbered left first, each ending in a shuffle by the join key
 * into the join stage's ONE edge stream; and the join stage's input and first operator.
 */
export function joinStart(
  node: JoinNode,
  split: (plan: LogicalPlan) => PhysicalStage[],
): { stages: PhysicalStage[]; input: PhysicalStage['input']; operators: OperatorSpec[] } {
  const side = (plan: LogicalPlan, offset: number): PhysicalStage[] => {
    const stages = renumberStages(split(sink(plan, TO_JOIN)), offset);
    const last = stages.pop();
    if (last === undefined) throw new Error('join input without stages');
    stages.push({ ...last, output: { kind: 'shuffle', keyBy: [...node.keys] } });
    return stages;
  };
  const left = side(node.left, 0);
  const right = side(node.right, left.length);
  const common = {
    sideColumn: node.sideColumn,
    keys: [...node.keys],
    left: [...node.leftColumns],
    right: [...node.rightColumns],
    residual: node.residual,
  };
  const op: OperatorSpec =
    node.mode.kind === 'window'
      ? { kind: 'window_join', joinType: node.joinType, sizeMs: node.mode.sizeMs, ...common }
      : {
          kind: 'updating_join',
          joinType: node.joinType === 'left' ? 'left' : 'inner',
          ttlMs: node.mode.ttlMs,
          ...common,
        };
  const from = [left.at(-1)?.id ?? '', right.at(-1)?.id ?? ''];
  return { stages: [...left, ...right], input: { kind: 'edge', from }, operators: [op] };
}
