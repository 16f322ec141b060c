import type { LogicalPlan } from '../logical/plan.ts';
import type { OperatorSpec, SinkSpec, SourceSpec } from '../spec/pipeline-spec.ts';
import type { Field } from '../spec/types.ts';
import { joinStart } from './join-stages.ts';
import { shuffleOperator, unionStart } from './union-and-shuffle-stages.ts';

/** One stage of the physical plan: an input, a chain of operators, and one output. */
export interface PhysicalStage {
  readonly id: string;
  readonly input:
    | { readonly kind: 'source'; readonly source: SourceSpec }
    | { readonly kind: 'edge'; readonly from: readonly string[] };
  readonly operators: readonly OperatorSpec[];
  readonly output:
    | { readonly kind: 'shuffle'; readonly keyBy: readonly string[] }
    | { readonly kind: 'sink'; readonly sink: SinkSpec };
  readonly schema: readonly Field[];
}

/** Root-to-leaf chain, returned leaf first. */
function chain(plan: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  let node: LogicalPlan | null = plan;
  while (node !== null) {
    out.push(node);
    node = node.kind === 'scan' || node.kind === 'join' || node.kind === 'union' ? null : node.input;
  }
  return out.reverse();
}

/**
 * Splits a logical plan into stages: a new stage starts at each shuffle (a window aggregate, keyed
 * by its GROUP BY keys); filters and projects chain into the stage before them; the sink is the
 * last stage's output.
 */
export function splitStages(plan: LogicalPlan): PhysicalStage[] {
  const nodes = chain(plan);
  const first = nodes[0];
  if (first === undefined || (first.kind !== 'scan' && first.kind !== 'join' && first.kind !== 'union'))
    throw new Error('logical plan must start with a scan, a join or a union');
  // A join (union) starts its stage after its inputs' stages (join-stages.ts, union-and-shuffle-stages.ts).
  const start =
    first.kind === 'join'
      ? joinStart(first, splitStages)
      : first.kind === 'union'
        ? unionStart(first, splitStages)
        : undefined;
  const stages: PhysicalStage[] = start?.stages ?? [];
  let input: PhysicalStage['input'] =
    first.kind === 'scan'
      ? { kind: 'source', source: first.source }
      : (start?.input ?? { kind: 'edge', from: [] });
  let operators: OperatorSpec[] = start?.operators ?? [];
  let schema: readonly Field[] = first.schema;
  const id = (): string => `s${stages.length + 1}`;
  for (const node of nodes.slice(1)) {
    switch (node.kind) {
      case 'scan':
      case 'join':
      case 'union':
        throw new Error(`${node.kind} inside a plan chain`);
      case 'unnest':
        operators.push({ ...node.spec });
        break;
      case 'top_n':
      case 'updating_aggregate': {
        const { keyBy, op } = shuffleOperator(node);
        const from = id();
        stages.push({ id: from, input, operators, output: { kind: 'shuffle', keyBy }, schema });
        input = { kind: 'edge', from: [from] };
        operators = [op];
        break;
      }
      case 'filter':
        operators.push({ kind: 'filter', predicate: node.predicate });
        break;
      case 'project':
        operators.push({
          kind: 'project',
          columns: node.columns.map((c) => ({ name: c.name, expr: c.expr })),
        });
        break;
      case 'window_aggregate': {
        const from = id();
        stages.push({ id: from, input, operators, output: { kind: 'shuffle', keyBy: node.keys }, schema });
        input = { kind: 'edge', from: [from] };
        operators = [
          {
            kind: 'window_aggregate',
            window: node.window,
            keys: [...node.keys],
            aggregates: node.aggregates.map((a) => ({ ...a })),
            windowStartColumn: node.windowStartColumn,
            windowEndColumn: node.windowEndColumn,
          },
        ];
        break;
      }
      case 'sink':
        stages.push({ id: id(), input, operators, output: { kind: 'sink', sink: node.sink }, schema });
        return stages;
      default: {
        const never: never = node;
        return never;
      }
    }
    schema = node.schema;
  }
  throw new Error('logical plan must end with a sink');
}
