import { type AstExpr, someExpr } from '../ast/expr.ts';
import type { AstQuery } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { Expr } from '../spec/expr.ts';
import type { WindowSpec } from '../spec/pipeline-spec.ts';
import { isAggregateCall } from './aggregates.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { findByName, type Scope } from './scope.ts';
import { parseWindowCall, WINDOW_CALLS } from './window-call.ts';

export interface GroupWindow {
  readonly spec: WindowSpec;
  /** The name `window.start` is read through: the alias, or `window`. */
  readonly name: string;
  readonly pos: Pos;
}

export interface GroupKey {
  readonly expr: Expr;
  readonly pos: Pos;
}

/**
 * Resolves GROUP BY items: ordinals (`GROUP BY 1`) and SELECT aliases (`GROUP BY window`) refer to
 * SELECT items; `tumble(…)` is the window; everything else is a key expression.
 */
export function resolveGroupBy(
  q: AstQuery,
  scope: Scope,
  inputCtx: BindContext,
): { window: GroupWindow | null; keys: GroupKey[] } {
  let window: GroupWindow | null = null;
  const keys: GroupKey[] = [];
  for (const g of q.groupBy) {
    let e: AstExpr = g.expr;
    let alias = g.alias;
    if (e.kind === 'literal' && e.literal.type === 'int') {
      const item = q.items[e.literal.value - 1];
      if (item === undefined || item.kind !== 'expr')
        throw sqlError(
          'SQL_INVALID',
          e.pos,
          `GROUP BY ${e.literal.value} does not name a SELECT item`,
          `use a position from 1 to ${q.items.length}, or name the column`,
        );
      alias = alias ?? item.alias;
      e = item.expr;
    } else if (
      e.kind === 'ident' &&
      e.parts.length === 1 &&
      findByName(scope.columns, e.parts[0] ?? '') === undefined
    ) {
      const wanted = (e.parts[0] ?? '').toLowerCase();
      const item = q.items.find(
        (i) => i.kind === 'expr' && i.alias !== null && i.alias.toLowerCase() === wanted,
      );
      if (item !== undefined && item.kind === 'expr') {
        alias = alias ?? item.alias;
        e = item.expr;
      }
    }
    if (e.kind === 'call' && WINDOW_CALLS.has(e.name)) {
      const spec = parseWindowCall(e);
      if (window !== null)
        throw sqlError(
          'SQL_UNSUPPORTED',
          e.pos,
          'more than one window in GROUP BY is not supported',
          'group by one tumble(…), hop(…) or session(…) window',
        );
      window = { spec, name: alias ?? 'window', pos: e.pos };
      continue;
    }
    if (someExpr(e, isAggregateCall))
      throw sqlError(
        'SQL_INVALID',
        e.pos,
        'aggregates are not allowed in GROUP BY',
        'group by columns or expressions over columns',
      );
    keys.push({ expr: bindExpr(e, inputCtx), pos: e.pos });
  }
  return { window, keys };
}
