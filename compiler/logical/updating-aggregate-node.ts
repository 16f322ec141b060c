import { aggregateNullable } from '../analyze/extended-aggregates.ts';
import { isNullable } from '../analyze/nullability.ts';
import type { Expr } from '../spec/expr.ts';
import type { Field } from '../spec/types.ts';
import type { AggregateCall, LogicalPlan, ProjectColumn, UnaryNode } from './plan.ts';

/**
 * GROUP BY without a window: an updating aggregate. It keeps accumulators per key forever and, per
 * input row, emits a Debezium change of its result row (HAVING `having`, then the SELECT list
 * `columns`, both over the keys + aggregates row). Its output is a changelog: only filters,
 * projections, another updating aggregate and a sink may follow it (changelog-guard.ts). Schema: the
 * projected columns.
 */
export interface UpdatingAggregateNode extends UnaryNode<'updating_aggregate'> {
  readonly keys: readonly string[];
  readonly aggregates: readonly AggregateCall[];
  readonly having: Expr | null;
  readonly columns: readonly ProjectColumn[];
}

export function updatingAggregate(
  input: LogicalPlan,
  keys: readonly string[],
  aggregates: readonly AggregateCall[],
  having: Expr | null,
  columns: readonly ProjectColumn[],
): UpdatingAggregateNode {
  const inner: Field[] = [
    ...keys.map(
      (k) => input.schema.find((f) => f.name === k) ?? { name: k, type: 'null' as const, nullable: true },
    ),
    ...aggregates.map((a) => ({
      name: a.name,
      type: a.type,
      nullable: aggregateNullable(a.fn, input.schema.find((f) => f.name === a.arg)?.nullable ?? true),
    })),
  ];
  const schema = columns.map((c) => ({
    name: c.name,
    type: c.expr.type,
    nullable: isNullable(c.expr, inner),
  }));
  return { kind: 'updating_aggregate', input, keys, aggregates, having, columns, schema };
}

/** Renames the output columns (a sink's declared names) inside the node. */
export function renameUpdating(node: UpdatingAggregateNode, names: readonly string[]): UpdatingAggregateNode {
  const columns = node.columns.map((c, i) => ({ name: names[i] ?? c.name, expr: c.expr }));
  return updatingAggregate(node.input, node.keys, node.aggregates, node.having, columns);
}
