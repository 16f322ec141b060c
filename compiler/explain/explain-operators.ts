import { formatInterval } from '../parse/interval.ts';
import type { UpdatingAggregateSpec } from '../spec/aggregate-spec.ts';
import type { WindowSpec } from '../spec/pipeline-spec.ts';
import type { TopNSpec, UnnestSpec } from '../spec/top-n-unnest-spec.ts';
import { udfExportOf } from '../spec/udf-spec.ts';
import { renderExpr } from './render-expr.ts';

/** `tumble(1 minute)`, `hop(10 seconds, 1 minute)`, `session(30 seconds)`. */
export function renderWindow(w: WindowSpec): string {
  switch (w.kind) {
    case 'tumble':
      return `tumble(${formatInterval(w.sizeMs)})`;
    case 'hop':
      return `hop(${formatInterval(w.slideMs)}, ${formatInterval(w.sizeMs)})`;
    case 'session':
      return `session(${formatInterval(w.gapMs)})`;
    default: {
      const never: never = w;
      return never;
    }
  }
}

export const renderAggregate = (a: {
  fn: string;
  arg: string | null;
  arg2?: string | undefined;
  name: string;
  udf?: string | undefined;
}): string => {
  const fn = a.fn === 'udaf' && a.udf !== undefined ? udfExportOf(a.udf) : a.fn;
  const call =
    a.fn === 'count_star'
      ? 'count(*)'
      : a.fn === 'count_distinct'
        ? `count(DISTINCT ${a.arg})`
        : `${fn}(${a.arg}${a.arg2 === undefined ? '' : `, ${a.arg2}`})`;
  return `${call} AS ${a.name}`;
};

/** Explain lines of the top-N, updating aggregate and unnest operators. */
export function explainTopNUpdatingUnnest(op: TopNSpec | UpdatingAggregateSpec | UnnestSpec): string[] {
  switch (op.kind) {
    case 'top_n':
      return [
        `top_n ${op.fn}() AS ${op.rankColumn} partition (${op.partitionBy.join(', ')}) order by ${op.orderBy
          .map((o) => `${o.column}${o.desc ? ' DESC' : ''}${o.nullsFirst ? ' NULLS FIRST' : ''}`)
          .join(', ')}${op.limit === null ? '' : ` limit ${op.limit}`}`,
        `  fires at ${op.windowEnd}`,
      ];
    case 'updating_aggregate':
      return [
        `updating_aggregate keys (${op.keys.join(', ')})`,
        `  aggregates ${op.aggregates.map(renderAggregate).join(', ')}`,
        ...(op.having === null ? [] : [`  having ${renderExpr(op.having)}`]),
        `  emits changes of ${op.columns.map((c) => (c.expr.kind === 'column' && c.expr.name === c.name ? c.name : `${renderExpr(c.expr)} AS ${c.name}`)).join(', ')}`,
      ];
    case 'unnest':
      return [`unnest ${op.column} AS ${op.output}`];
    default: {
      const never: never = op;
      return never;
    }
  }
}
