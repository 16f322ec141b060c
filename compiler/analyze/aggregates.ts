import { type AstExpr, someExpr } from '../ast/expr.ts';
import { sqlError } from '../errors/sql-error.ts';
import { isTwoArgAggregate, type TwoArgAggregateFn } from '../spec/aggregate-spec.ts';
import { isArrayType } from '../spec/array-types.ts';
import type { Expr } from '../spec/expr.ts';
import type { AggregateFn } from '../spec/pipeline-spec.ts';
import type { ScalarType } from '../spec/types.ts';
import { bindUdafArg, udfUsage } from '../udf/bind-udf.ts';
import type { UdfDef } from '../udf/read-udf-module.ts';
import { lookupUdf } from '../udf/udf-scope.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { bindExtendedAggregate } from './extended-aggregates.ts';
import { AGGREGATES, isAggregateName } from './functions.ts';
import { castHint, isNumeric, sqlTypeName } from './type-rules.ts';

/** `my_median(x)`: an aggregate UDF over the group's values of its one argument. */
function bindUdaf(e: Extract<AstExpr, { kind: 'call' }>, udf: UdfDef, inputCtx: BindContext): BoundAggregate {
  const [argAst, arg2Ast] = e.args;
  const n = udf.params.length;
  if (e.star || e.distinct === true || argAst === undefined || e.args.length !== n)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      e.pos,
      `aggregate UDF ${e.name}() takes exactly ${n === 1 ? 'one argument' : `${n} arguments`}${e.star ? ', not *' : e.distinct === true ? ', without DISTINCT' : ''}`,
      `call it as ${udfUsage(udf)}`,
    );
  const arg = bindAggregateArg(argAst, inputCtx);
  const bound = bindUdafArg(udf, 0, arg, argAst.pos);
  if (arg2Ast === undefined) return { arg, ...bound };
  const arg2 = bindAggregateArg(arg2Ast, inputCtx);
  bindUdafArg(udf, 1, arg2, arg2Ast.pos);
  return { arg, arg2, ...bound };
}

/** An aggregate call; `sum(x) OVER (…)` is a window function, not an aggregate. */
export const isAggregateCall = (e: AstExpr): boolean =>
  e.kind === 'call' && e.over === undefined && isAggregateName(e.name);

export interface BoundAggregate {
  readonly fn: AggregateFn;
  readonly arg: Expr | null;
  /** The second argument of a two-argument aggregate (corr, covar_*, regr_*). */
  readonly arg2?: Expr;
  readonly type: ScalarType;
  /** The UDF id of an aggregate UDF (`fn` = `udaf`). */
  readonly udf?: string;
}

const SUPPORTED = `supported aggregates: ${AGGREGATES.map((a) => `${a}()`).join(', ')}`;

/** Types one aggregate call; its argument is bound against the aggregate's input rows. */
export function bindAggregate(e: AstExpr, inputCtx: BindContext): BoundAggregate {
  if (e.kind !== 'call') throw new Error('bindAggregate: not a call');
  const name = e.name;
  const udf = lookupUdf(name);
  if (udf?.kind === 'aggregate') return bindUdaf(e, udf, inputCtx);
  if (!AGGREGATES.includes(name))
    throw sqlError('SQL_UNSUPPORTED', e.pos, `aggregate ${name}() is not supported yet`, SUPPORTED);
  if (e.distinct === true && name !== 'count')
    throw sqlError(
      'SQL_UNSUPPORTED',
      e.pos,
      `${name}(DISTINCT …) is not supported`,
      'only count(DISTINCT x) is; aggregate a view that groups by the value first',
    );
  if (e.star) {
    if (e.distinct === true)
      throw sqlError('SQL_SYNTAX', e.pos, 'count(DISTINCT *) is not valid', 'write count(DISTINCT column)');
    if (name !== 'count')
      throw sqlError('SQL_SYNTAX', e.pos, `${name}(*) is not valid`, `write ${name}(column)`);
    return { fn: 'count_star', arg: null, type: 'int' };
  }
  if (isTwoArgAggregate(name)) return bindTwoArg(e, name, inputCtx);
  const [argAst, ...extra] = e.args;
  if (argAst === undefined || extra.length > 0)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      e.pos,
      `${name}() takes exactly one argument`,
      name === 'count' ? 'write count(*) or count(column)' : `write ${name}(column)`,
    );
  if (someExpr(argAst, isAggregateCall))
    throw sqlError(
      'SQL_INVALID',
      argAst.pos,
      'aggregates cannot be nested',
      'aggregate in a view, then aggregate the view',
    );
  const arg = bindExpr(argAst, inputCtx);
  const t = arg.type;
  switch (name) {
    case 'count':
      return { fn: e.distinct === true ? 'count_distinct' : 'count', arg, type: 'int' };
    case 'sum':
    case 'avg':
      if (!isNumeric(t))
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          argAst.pos,
          `${name}() needs a number, got ${sqlTypeName(t)}`,
          castHint('the argument', 'float'),
        );
      return { fn: name, arg, type: name === 'avg' || t === 'float' ? 'float' : 'int' };
    case 'min':
    case 'max':
      if (t === 'bool' || isArrayType(t))
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          argAst.pos,
          `${name}() cannot order ${sqlTypeName(t)} values`,
          castHint('the argument', 'int'),
        );
      return { fn: name, arg, type: t === 'null' ? 'int' : t };
    default: {
      const bound = bindExtendedAggregate(name, arg, argAst.pos);
      if (bound === undefined)
        throw sqlError('SQL_UNSUPPORTED', e.pos, `aggregate ${name}() is not supported yet`, SUPPORTED);
      return bound;
    }
  }
}

/** `corr(y, x)`, `covar_pop(y, x)`, `regr_slope(y, x)` …: two numbers, a FLOAT (regr_count a BIGINT). */
function bindTwoArg(
  e: Extract<AstExpr, { kind: 'call' }>,
  fn: TwoArgAggregateFn,
  inputCtx: BindContext,
): BoundAggregate {
  const [yAst, xAst, ...extra] = e.args;
  if (e.star || yAst === undefined || xAst === undefined || extra.length > 0)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      e.pos,
      `${fn}() takes exactly two arguments`,
      `write ${fn}(y, x) with two numeric columns`,
    );
  const [y, x] = [yAst, xAst].map((a) => {
    const bound = bindAggregateArg(a, inputCtx);
    if (!isNumeric(bound.type))
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        a.pos,
        `${fn}() needs numbers, got ${sqlTypeName(bound.type)}`,
        castHint('the argument', 'float'),
      );
    return bound;
  }) as [Expr, Expr];
  return { fn, arg: y, arg2: x, type: fn === 'regr_count' ? 'int' : 'float' };
}

/** An aggregate's argument, bound against the input rows; an aggregate inside it is refused. */
function bindAggregateArg(a: AstExpr, inputCtx: BindContext): Expr {
  if (someExpr(a, isAggregateCall))
    throw sqlError(
      'SQL_INVALID',
      a.pos,
      'aggregates cannot be nested',
      'aggregate in a view, then aggregate the view',
    );
  return bindExpr(a, inputCtx);
}
