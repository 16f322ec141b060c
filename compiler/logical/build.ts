import { aggregateNullable } from '../analyze/extended-aggregates.ts';
import { isNullable } from '../analyze/nullability.ts';
import type { Expr } from '../spec/expr.ts';
import type { SinkSpec, SourceSpec, WindowSpec } from '../spec/pipeline-spec.ts';
import type { Field } from '../spec/types.ts';
import type {
  AggregateCall,
  FilterNode,
  LogicalPlan,
  ProjectColumn,
  ProjectNode,
  ScanNode,
  SinkNode,
  WindowAggregateNode,
} from './plan.ts';

/** Constructors that compute each node's output schema. */
export function scan(source: SourceSpec): ScanNode {
  return { kind: 'scan', source, schema: source.schema };
}

export function filter(input: LogicalPlan, predicate: Expr): FilterNode {
  return { kind: 'filter', input, predicate, schema: input.schema };
}

export function project(input: LogicalPlan, columns: readonly ProjectColumn[]): ProjectNode {
  // A project that only picks/renames columns of another project fuses into it.
  if (input.kind === 'project' && columns.every((c) => c.expr.kind === 'column')) {
    const inner = new Map(input.columns.map((c) => [c.name, c.expr]));
    const composed = columns.map((c) => ({
      name: c.name,
      expr: (c.expr.kind === 'column' ? inner.get(c.expr.name) : undefined) ?? c.expr,
    }));
    return project(input.input, composed);
  }
  const schema: Field[] = columns.map((c) => ({
    name: c.name,
    type: c.expr.type,
    nullable: isNullable(c.expr, input.schema),
  }));
  return { kind: 'project', input, columns, schema };
}

/** True if projecting `columns` would hand back the input row unchanged. */
export function isIdentity(input: LogicalPlan, columns: readonly ProjectColumn[]): boolean {
  return (
    columns.length === input.schema.length &&
    columns.every(
      (c, i) => c.expr.kind === 'column' && c.expr.name === c.name && input.schema[i]?.name === c.name,
    )
  );
}

export function windowAggregate(
  input: LogicalPlan,
  window: WindowSpec,
  keys: readonly string[],
  aggregates: readonly AggregateCall[],
  windowStartColumn: string,
  windowEndColumn: string,
): WindowAggregateNode {
  const keyFields = keys.map(
    (k) => input.schema.find((f) => f.name === k) ?? { name: k, type: 'null' as const, nullable: true },
  );
  const aggFields: Field[] = aggregates.map((a) => ({
    name: a.name,
    type: a.type,
    nullable: aggregateNullable(a.fn, input.schema.find((f) => f.name === a.arg)?.nullable ?? true),
  }));
  const schema: Field[] = [
    ...keyFields,
    ...aggFields,
    { name: windowStartColumn, type: 'timestamp', nullable: false },
    { name: windowEndColumn, type: 'timestamp', nullable: false },
  ];
  return {
    kind: 'window_aggregate',
    input,
    window,
    keys,
    aggregates,
    windowStartColumn,
    windowEndColumn,
    schema,
  };
}

export function sink(input: LogicalPlan, spec: SinkSpec): SinkNode {
  return { kind: 'sink', input, sink: spec, schema: input.schema };
}
