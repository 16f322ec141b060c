import { type Pos, sqlError } from '../errors/sql-error.ts';
import { isExtendedAggregate, isTwoArgAggregate } from '../spec/aggregate-spec.ts';
import { arrayOf, isArrayType } from '../spec/array-types.ts';
import type { Expr } from '../spec/expr.ts';
import type { AggregateFn } from '../spec/pipeline-spec.ts';
import type { ScalarType } from '../spec/types.ts';
import { castHint, isNumeric, sqlTypeName } from './type-rules.ts';

/** Other SQL spellings of the spec's aggregates (DuckDB's). */
export const AGGREGATE_ALIASES: Readonly<Record<string, AggregateFn>> = {
  stddev: 'stddev_samp',
  variance: 'var_samp',
  var: 'var_samp',
};

/**
 * SQL name → the spec's aggregate function, for the one-argument aggregates beyond
 * count/sum/avg/min/max (count(DISTINCT x) is a spelling of count; two-argument ones bind apart).
 */
const extendedFn = (name: string): AggregateFn | undefined =>
  AGGREGATE_ALIASES[name] ??
  (isExtendedAggregate(name) && name !== 'count_distinct' && !isTwoArgAggregate(name) ? name : undefined);

/** Types one extended aggregate call; undefined if `name` is not one. */
export function bindExtendedAggregate(
  name: string,
  arg: Expr,
  argPos: Pos,
): { fn: AggregateFn; arg: Expr; type: ScalarType } | undefined {
  const fn = extendedFn(name);
  if (fn === undefined) return undefined;
  const t = arg.type;
  const need = (ok: boolean, want: string, to: ScalarType): void => {
    if (!ok)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        argPos,
        `${name}() needs ${want}, got ${sqlTypeName(t)}`,
        castHint('the argument', to),
      );
  };
  switch (fn) {
    case 'median':
    case 'approx_median':
    case 'stddev_samp':
    case 'stddev_pop':
    case 'var_samp':
    case 'var_pop':
      need(isNumeric(t), 'a number', 'float');
      return { fn, arg, type: 'float' };
    case 'bool_and':
    case 'bool_or':
      need(t === 'bool' || t === 'null', 'a BOOLEAN', 'bool');
      return { fn, arg, type: 'bool' };
    case 'first_value':
    case 'last_value':
      return { fn, arg, type: t === 'null' ? 'int' : t };
    case 'array_agg':
      need(!isArrayType(t), 'a scalar value (arrays of arrays are not supported)', 'string');
      return { fn, arg, type: arrayOf(t) };
    case 'approx_distinct':
      return { fn, arg, type: 'int' };
    case 'bit_and':
    case 'bit_or':
    case 'bit_xor':
      need(t === 'int' || t === 'null', 'an integer', 'int');
      return { fn, arg, type: 'int' };
    default:
      return undefined;
  }
}

/** Whether an aggregate's result can be NULL (counts never are). */
export function aggregateNullable(fn: AggregateFn, argNullable: boolean): boolean {
  switch (fn) {
    case 'count':
    case 'count_star':
    case 'count_distinct':
    case 'approx_distinct':
    case 'regr_count':
      return false;
    case 'stddev_samp':
    case 'var_samp':
    case 'first_value':
    case 'last_value':
    case 'udaf':
      return true;
    default:
      // corr, covar_*, regr_*: NULL when no pair or the statistic is undefined.
      return isTwoArgAggregate(fn) || argNullable;
  }
}
