import type { AstExpr } from '../ast/expr.ts';
import { sqlError } from '../errors/sql-error.ts';
import { isArrayType } from '../spec/array-types.ts';
import type { Expr } from '../spec/expr.ts';
import { sqlTypeName } from './type-rules.ts';

/**
 * Binds a binary expression, handling interval arithmetic: `ts + INTERVAL '1' HOUR`,
 * `INTERVAL … + ts`, `ts - INTERVAL …` are timestamps (epoch ms plus or minus the interval's ms).
 * `ts - ts` is refused with a pointer to date_diff (sluice has no INTERVAL values). Everything else
 * goes to `plain` with both sides bound.
 */
export function bindTimeArithmetic(
  e: Extract<AstExpr, { kind: 'binary' }>,
  rec: (x: AstExpr) => Expr,
  plain: (left: Expr, right: Expr) => Expr,
): Expr {
  if (e.op !== '+' && e.op !== '-') return plain(...noArrays(e, rec(e.left), rec(e.right)));
  const li = e.left.kind === 'interval';
  const ri = e.right.kind === 'interval';
  if (li || ri) {
    if (li && ri)
      throw sqlError(
        'SQL_UNSUPPORTED',
        e.pos,
        'adding two intervals is not supported',
        "write one interval, e.g. INTERVAL '90' MINUTE",
      );
    const ts = rec(li ? e.right : e.left);
    const ms = (li ? e.left : e.right) as Extract<AstExpr, { kind: 'interval' }>;
    if (ts.type !== 'timestamp' && ts.type !== 'null')
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        e.pos,
        `an interval can only be added to a TIMESTAMP, not ${sqlTypeName(ts.type)}`,
        "write ts + INTERVAL '1' HOUR",
      );
    if (li && e.op === '-')
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        e.pos,
        'cannot subtract a timestamp from an interval',
        "write ts - INTERVAL '1' HOUR",
      );
    const interval: Expr = { kind: 'literal', value: ms.ms, type: 'int' };
    return { kind: 'binary', op: e.op, left: ts, right: interval, type: 'timestamp' };
  }
  const [left, right] = noArrays(e, rec(e.left), rec(e.right));
  if (e.op === '-' && left.type === 'timestamp' && right.type === 'timestamp')
    throw sqlError(
      'SQL_UNSUPPORTED',
      e.pos,
      'subtracting timestamps (an INTERVAL result) is not supported',
      "use date_diff('millisecond', start_ts, end_ts) (or 'second', 'minute', …) for the difference as a number",
    );
  return plain(left, right);
}

/** Arrays only concatenate as text (`||`); comparing or computing with them is refused. */
function noArrays(e: Extract<AstExpr, { kind: 'binary' }>, left: Expr, right: Expr): [Expr, Expr] {
  if (e.op !== '||' && (isArrayType(left.type) || isArrayType(right.type)))
    throw sqlError(
      'SQL_UNSUPPORTED',
      e.pos,
      `operator ${e.op} on ${sqlTypeName(isArrayType(left.type) ? left.type : right.type)} values is not supported`,
      'use cardinality(arr), or unnest(arr) in a view and work on its elements',
    );
  return [left, right];
}

/** Calls that are valid only as a whole SELECT item (or with their own clause), refused elsewhere. */
export function refuseMisplacedCall(e: Extract<AstExpr, { kind: 'call' }>): void {
  if (e.over !== undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      e.pos,
      `${e.name}() OVER (…) is only supported as a whole SELECT item of a top-N query`,
      'SELECT *, row_number() OVER (PARTITION BY window ORDER BY n DESC) AS rn FROM windowed, then filter rn <= N outside',
    );
  if (e.name === 'unnest')
    throw sqlError(
      'SQL_UNSUPPORTED',
      e.pos,
      'unnest() is only supported as a whole SELECT item',
      'SELECT id, unnest(tags) AS tag FROM t, then use tag in an outer query',
    );
  if (e.distinct === true && e.name !== 'count')
    throw sqlError(
      'SQL_UNSUPPORTED',
      e.pos,
      `${e.name}(DISTINCT …) is not supported`,
      'only count(DISTINCT x) is',
    );
}
