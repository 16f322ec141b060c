import { type AstExpr, someExpr } from '../ast/expr.ts';
import type { AstQuery } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { Expr } from '../spec/expr.ts';
import type { WindowSpec } from '../spec/pipeline-spec.ts';
import { isAggregateCall } from './aggregates.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { findByName, resolveIdent, type Scope } from './scope.ts';
import { parseWindowCall, WINDOW_CALLS } from './window-call.ts';

export interface GroupWindow {
  readonly spec: WindowSpec;
  /** The name `window.start` is read through: the alias, or `window`. */
  readonly name: string;
  readonly pos: Pos;
  /** When the window is the input's own window struct: its start and end columns (also keys). */
  readonly input?: { readonly start: string; readonly end: string };
}

export interface GroupKey {
  readonly expr: Expr;
  readonly pos: Pos;
}

/**
 * Resolves GROUP BY items: ordinals (`GROUP BY 1`) and SELECT aliases (`GROUP BY window`) refer to
 * SELECT items; `tumble(…)` is the window, and so is the input's window struct (its bucket from
 * `inputWindowSpec`); everything else is a key expression.
 */
export function resolveGroupBy(
  q: AstQuery,
  scope: Scope,
  inputCtx: BindContext,
  inputWindowSpec: (pos: Pos) => WindowSpec,
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
      if (window !== null) moreThanOneWindow(e.pos);
      window = { spec, name: alias ?? 'window', pos: e.pos };
      continue;
    }
    const inputWindow = e.kind === 'ident' ? resolveIdent(scope, e.parts, e.pos) : null;
    if (inputWindow?.kind === 'window') {
      // The input's own window (Arroyo's `GROUP BY w.window` over window results): its start and
      // end are keys, and the rows of one input window fire together.
      if (window !== null) moreThanOneWindow(e.pos);
      const { start, end, name } = inputWindow.column;
      window = { spec: inputWindowSpec(e.pos), name: alias ?? name, pos: e.pos, input: { start, end } };
      for (const c of [start, end])
        keys.push({ expr: { kind: 'column', name: c, type: 'timestamp' }, pos: e.pos });
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

function moreThanOneWindow(pos: Pos): never {
  throw sqlError(
    'SQL_UNSUPPORTED',
    pos,
    'more than one window in GROUP BY is not supported',
    'group by one tumble(…), hop(…) or session(…) window',
  );
}
