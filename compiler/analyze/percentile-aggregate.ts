import type { AstExpr } from '../ast/expr.ts';
import { sqlError } from '../errors/sql-error.ts';
import type { PercentileAggregateFn } from '../spec/aggregate-spec.ts';
import type { Expr } from '../spec/expr.ts';
import type { BoundAggregate } from './aggregates.ts';
import { castHint, isNumeric, sqlTypeName } from './type-rules.ts';

const usage = (fn: PercentileAggregateFn): string =>
  fn === 'approx_percentile_cont'
    ? 'write approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY x)'
    : 'write approx_percentile_cont_with_weight(weight, 0.5) WITHIN GROUP (ORDER BY x)';

/**
 * `approx_percentile_cont(p) WITHIN GROUP (ORDER BY x)` (the parser makes x the first argument, as
 * in the older `approx_percentile_cont(x, p)`) and `approx_percentile_cont_with_weight(w, p) WITHIN
 * GROUP (ORDER BY x)`: x and w numbers, p a constant in [0, 1]. As in DataFusion, the result has
 * x's type (an integer percentile is truncated toward zero).
 */
export function bindPercentile(
  e: Extract<AstExpr, { kind: 'call' }>,
  fn: PercentileAggregateFn,
  bindArg: (a: AstExpr) => Expr,
): BoundAggregate {
  const weighted = fn === 'approx_percentile_cont_with_weight';
  const want = weighted ? 3 : 2;
  if (e.star || e.distinct === true || e.args.length !== want)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      e.pos,
      `${fn}() takes a value, ${weighted ? 'a weight, ' : ''}and a percentile`,
      usage(fn),
    );
  const pAst = e.args[want - 1] as AstExpr;
  const percentile =
    pAst.kind === 'literal' && (pAst.literal.type === 'float' || pAst.literal.type === 'int')
      ? pAst.literal.value
      : undefined;
  if (percentile === undefined || percentile < 0 || percentile > 1)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      pAst.pos,
      `${fn}() needs a constant percentile between 0 and 1`,
      usage(fn),
    );
  const [x, w] = e.args.slice(0, want - 1).map((a) => bindNumericArg(fn, a, bindArg)) as [
    Expr,
    Expr | undefined,
  ];
  return {
    fn,
    arg: x,
    ...(w === undefined ? {} : { arg2: w }),
    percentile,
    type: x.type === 'float' ? 'float' : 'int',
  };
}

/** A numeric argument of a statistical aggregate, bound by `bindArg`; anything else is refused. */
export function bindNumericArg(fn: string, a: AstExpr, bindArg: (a: AstExpr) => Expr): Expr {
  const bound = bindArg(a);
  if (!isNumeric(bound.type))
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      a.pos,
      `${fn}() needs numbers, got ${sqlTypeName(bound.type)}`,
      castHint('the argument', 'float'),
    );
  return bound;
}
