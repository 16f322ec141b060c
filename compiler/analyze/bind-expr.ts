import type { AstExpr } from '../ast/expr.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { renderExpr } from '../explain/render-expr.ts';
import { parseTimestamp } from '../parse/convert-expr.ts';
import type { Expr } from '../spec/expr.ts';
import type { ScalarType } from '../spec/types.ts';
import { bindScalarCall, isAggregateName } from './functions.ts';
import type { Resolved } from './scope.ts';
import { bindTimeArithmetic, refuseMisplacedCall } from './time-arithmetic.ts';
import { castHint, isNumeric, sqlTypeName, unify } from './type-rules.ts';

/** How identifiers resolve, plus an optional hook that may bind a whole sub-expression itself. */
export interface BindContext {
  readonly resolve: (parts: readonly string[], pos: Pos) => Resolved;
  readonly intercept?: (e: AstExpr) => Expr | undefined;
}

const WINDOW_HINT = "GROUP BY tumble(interval '1 minute') AS window, then select window.start / window.end";

/** Binds and type-checks an AST expression into the spec's typed Expr IR. */
export function bindExpr(e: AstExpr, ctx: BindContext): Expr {
  const hooked = ctx.intercept?.(e);
  if (hooked !== undefined) return hooked;
  const rec = (x: AstExpr): Expr => bindExpr(x, ctx);
  switch (e.kind) {
    case 'ident': {
      const r = ctx.resolve(e.parts, e.pos);
      if (r.kind === 'expr') return r.expr;
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        e.pos,
        `${r.column.name} is a window struct and cannot be used in an expression`,
        `use ${r.column.name}.start or ${r.column.name}.end`,
      );
    }
    case 'literal':
      return { kind: 'literal', value: e.literal.value, type: e.literal.type };
    case 'interval':
      throw sqlError(
        'SQL_UNSUPPORTED',
        e.pos,
        'interval values are not supported here yet',
        `intervals are window sizes: ${WINDOW_HINT}`,
      );
    case 'binary':
      return bindTimeArithmetic(e, rec, (l, r) => bindBinary(e.op, l, r, e.pos, e.left, e.right));
    case 'unary': {
      const operand = rec(e.operand);
      if (e.op === 'not') {
        requireBool(operand, 'NOT', e.pos);
        return { kind: 'unary', op: 'not', operand, type: 'bool' };
      }
      if (!isNumeric(operand.type))
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          e.pos,
          `cannot negate ${sqlTypeName(operand.type)}`,
          castHint('the value', 'float'),
        );
      return { kind: 'unary', op: 'neg', operand, type: operand.type };
    }
    case 'case':
      return bindCase(e, rec);
    case 'cast': {
      const inner = rec(e.expr);
      if ((inner.type === 'bool' && e.to === 'timestamp') || (inner.type === 'timestamp' && e.to === 'bool'))
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          e.pos,
          `cannot CAST ${sqlTypeName(inner.type)} to ${sqlTypeName(e.to)}`,
          'CAST via BIGINT or TEXT',
        );
      return { kind: 'cast', expr: inner, type: e.to };
    }
    case 'is_null':
      return { kind: 'is_null', expr: rec(e.expr), negated: e.negated, type: 'bool' };
    case 'like': {
      const expr = rec(e.expr);
      const pattern = rec(e.pattern);
      for (const side of [expr, pattern])
        if (side.type !== 'string' && side.type !== 'null')
          throw sqlError(
            'SQL_TYPE_MISMATCH',
            e.pos,
            `LIKE needs TEXT operands, got ${sqlTypeName(side.type)}`,
            castHint('the operand', 'string'),
          );
      return { kind: 'like', expr, pattern, negated: e.negated, type: 'bool' };
    }
    case 'in_list': {
      const expr = rec(e.expr);
      const list = e.list.map((item) => {
        const b = coerceLiteral(rec(item), expr.type, item);
        if (unify(expr.type, b.type) === null)
          throw sqlError(
            'SQL_TYPE_MISMATCH',
            item.pos,
            `IN list item is ${sqlTypeName(b.type)} but the value is ${sqlTypeName(expr.type)}`,
            castHint('one side', expr.type),
          );
        return b;
      });
      return { kind: 'in_list', expr, list, negated: e.negated, type: 'bool' };
    }
    case 'call': {
      refuseMisplacedCall(e);
      if (isAggregateName(e.name))
        throw sqlError(
          'SQL_UNSUPPORTED',
          e.pos,
          `aggregate ${e.name}() is only supported with GROUP BY tumble(…) yet`,
          `updating (unwindowed) aggregates are not supported yet; ${WINDOW_HINT}`,
        );
      if (e.name === 'tumble' || e.name === 'hop' || e.name === 'session')
        throw sqlError(
          'SQL_UNSUPPORTED',
          e.pos,
          `${e.name}() is only allowed in GROUP BY (or selected with it)`,
          WINDOW_HINT,
        );
      if (e.star) throw sqlError('SQL_SYNTAX', e.pos, `${e.name}(*) is not valid`, 'only count(*) takes *');
      return bindScalarCall(e.name, e.args.map(rec), e.pos);
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

function requireBool(x: Expr, what: string, pos: Pos): void {
  if (x.type !== 'bool' && x.type !== 'null')
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      pos,
      `${what} needs BOOLEAN operands, got ${sqlTypeName(x.type)}`,
      `compare the value, e.g. x <> 0, or ${castHint('it', 'bool')}`,
    );
}

/** A string literal compared with a timestamp becomes a timestamp literal. */
function coerceLiteral(x: Expr, other: ScalarType, ast: AstExpr): Expr {
  if (other === 'timestamp' && x.kind === 'literal' && x.type === 'string' && typeof x.value === 'string') {
    const ms = parseTimestamp(x.value);
    if (ms === null)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        ast.pos,
        `'${x.value}' is not a timestamp`,
        "write TIMESTAMP 'YYYY-MM-DD HH:MM:SS'",
      );
    return { kind: 'literal', value: ms, type: 'timestamp' };
  }
  return x;
}

const ARITH = new Set(['+', '-', '*', '/', '%']);
const COMPARE = new Set(['=', '<>', '<', '<=', '>', '>=']);

function bindBinary(
  op: Extract<Expr, { kind: 'binary' }>['op'],
  l0: Expr,
  r0: Expr,
  pos: Pos,
  la: AstExpr,
  ra: AstExpr,
): Expr {
  if (op === 'and' || op === 'or') {
    requireBool(l0, op.toUpperCase(), la.pos);
    requireBool(r0, op.toUpperCase(), ra.pos);
    return { kind: 'binary', op, left: l0, right: r0, type: 'bool' };
  }
  if (op === '||') return { kind: 'binary', op, left: l0, right: r0, type: 'string' };
  if (ARITH.has(op)) {
    for (const side of [l0, r0])
      if (!isNumeric(side.type))
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          pos,
          `cannot apply ${op} to ${sqlTypeName(l0.type)} and ${sqlTypeName(r0.type)}`,
          castHint(renderExpr(side), 'float'),
        );
    const t = unify(l0.type, r0.type) ?? 'float';
    return { kind: 'binary', op, left: l0, right: r0, type: t };
  }
  if (COMPARE.has(op)) {
    const left = coerceLiteral(l0, r0.type, la);
    const right = coerceLiteral(r0, left.type, ra);
    if (unify(left.type, right.type) === null)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `cannot compare ${sqlTypeName(left.type)} with ${sqlTypeName(right.type)}`,
        castHint(renderExpr(right), left.type),
      );
    return { kind: 'binary', op, left, right, type: 'bool' };
  }
  throw sqlError(
    'SQL_UNSUPPORTED',
    pos,
    `operator ${op} is not supported`,
    'use arithmetic, comparisons, AND/OR or ||',
  );
}

function bindCase(e: Extract<AstExpr, { kind: 'case' }>, rec: (x: AstExpr) => Expr): Expr {
  const operand = e.operand ? rec(e.operand) : null;
  let type: ScalarType = 'null';
  const unifyResult = (x: Expr, at: Pos): void => {
    const u = unify(type, x.type);
    if (u === null)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        at,
        `CASE branches mix ${sqlTypeName(type)} and ${sqlTypeName(x.type)}`,
        castHint('a branch', type),
      );
    type = u;
  };
  const whens = e.whens.map((w) => {
    let when = rec(w.when);
    if (operand) {
      when = coerceLiteral(when, operand.type, w.when);
      if (unify(operand.type, when.type) === null)
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          w.when.pos,
          `cannot compare ${sqlTypeName(operand.type)} with ${sqlTypeName(when.type)} in CASE`,
          castHint('one side', operand.type),
        );
    } else requireBool(when, 'CASE WHEN', w.when.pos);
    const then = rec(w.then);
    unifyResult(then, w.then.pos);
    return { when, then };
  });
  const elseExpr = e.else ? rec(e.else) : null;
  if (elseExpr && e.else) unifyResult(elseExpr, e.else.pos);
  return { kind: 'case', operand, whens, else: elseExpr, type };
}
