import type { Expr } from '../spec/expr.ts';
import { udfExportOf } from '../spec/udf-spec.ts';

const PREC: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  '=': 4,
  '<>': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '||': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
};

const TYPE_SQL: Readonly<Record<string, string>> = {
  string: 'TEXT',
  int: 'BIGINT',
  float: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  null: 'NULL',
};

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => (/^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

function literal(e: Extract<Expr, { kind: 'literal' }>): string {
  if (e.value === null) return 'NULL';
  if (e.type === 'timestamp' && typeof e.value === 'number')
    return `TIMESTAMP '${new Date(e.value)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '')}'`;
  if (typeof e.value === 'string') return quote(e.value);
  if (typeof e.value === 'boolean') return e.value ? 'TRUE' : 'FALSE';
  return e.type === 'float' && Number.isInteger(e.value) ? `${e.value}.0` : String(e.value);
}

/** Renders an Expr back as SQL-ish text, parenthesizing by precedence. */
export function renderExpr(e: Expr, parent = 0): string {
  switch (e.kind) {
    case 'column':
      return ident(e.name);
    case 'literal':
      return literal(e);
    case 'binary': {
      const p = PREC[e.op] ?? 3;
      const text = `${renderExpr(e.left, p)} ${e.op.toUpperCase()} ${renderExpr(e.right, p + 1)}`;
      return p < parent ? `(${text})` : text;
    }
    case 'unary':
      return e.op === 'not' ? `NOT ${renderExpr(e.operand, 3)}` : `-${renderExpr(e.operand, 8)}`;
    case 'case': {
      const parts = ['CASE'];
      if (e.operand) parts.push(renderExpr(e.operand));
      for (const w of e.whens) parts.push(`WHEN ${renderExpr(w.when)} THEN ${renderExpr(w.then)}`);
      if (e.else) parts.push(`ELSE ${renderExpr(e.else)}`);
      parts.push('END');
      return parts.join(' ');
    }
    case 'cast':
      return `CAST(${renderExpr(e.expr)} AS ${TYPE_SQL[e.type]})`;
    case 'is_null': {
      const text = `${renderExpr(e.expr, 4)} IS ${e.negated ? 'NOT ' : ''}NULL`;
      return parent > 3 ? `(${text})` : text;
    }
    case 'like': {
      const text = `${renderExpr(e.expr, 5)} ${e.negated ? 'NOT ' : ''}LIKE ${renderExpr(e.pattern, 5)}`;
      return parent > 3 ? `(${text})` : text;
    }
    case 'in_list': {
      const text = `${renderExpr(e.expr, 5)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map((x) => renderExpr(x)).join(', ')})`;
      return parent > 3 ? `(${text})` : text;
    }
    case 'call':
      return `${e.fn}(${e.args.map((a) => renderExpr(a)).join(', ')})`;
    case 'udf':
      return `${udfExportOf(e.udf)}(${e.args.map((a) => renderExpr(a)).join(', ')})`;
    default: {
      const never: never = e;
      return never;
    }
  }
}
