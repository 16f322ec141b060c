import type { AstExpr } from '../ast/expr.ts';
import type { AstQuery } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import type { Expr } from '../spec/expr.ts';
import { castHint, sqlTypeName } from './type-rules.ts';

/**
 * Binds HAVING over the aggregated row: `bind` resolves aggregates (adding any HAVING needs that
 * the SELECT list lacks) and GROUP BY keys, exactly as in the SELECT list.
 */
export function bindHaving(q: AstQuery, bind: (e: AstExpr) => Expr): Expr | null {
  const h = q.having ?? null;
  if (h === null) return null;
  const predicate = bind(h);
  if (predicate.type !== 'bool' && predicate.type !== 'null')
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      h.pos,
      `HAVING needs a BOOLEAN condition, got ${sqlTypeName(predicate.type)}`,
      `compare the value, e.g. count(*) > 1, or ${castHint('it', 'bool')}`,
    );
  return predicate;
}
