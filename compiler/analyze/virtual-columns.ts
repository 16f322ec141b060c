import type { AstStatement } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import type { Expr } from '../spec/expr.ts';
import type { Field } from '../spec/types.ts';
import { bindExpr } from './bind-expr.ts';
import { isAggregateName } from './functions.ts';
import { resolveIdent } from './scope.ts';
import { castHint, sqlTypeName, unify } from './type-rules.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

export interface VirtualColumn {
  readonly name: string;
  readonly expr: Expr;
}

/**
 * Binds a source's `name TYPE GENERATED ALWAYS AS (expr) [STORED]` columns (Arroyo's virtual
 * fields) against its physical columns, the ones read from the record. The source parser computes
 * them per record, so they are ordinary columns downstream and may be the event time. A virtual
 * column may not read another virtual column (Arroyo's rule: the expression sees the physical
 * schema), and its expression must have the declared type (BIGINT widens to DOUBLE).
 */
export function virtualColumns(t: CreateTable, schema: readonly Field[], format: string): VirtualColumn[] {
  const jsonColumn = t.columns.find((c) => c.json === true);
  if (jsonColumn !== undefined && format !== 'json')
    throw sqlError(
      'SQL_UNSUPPORTED',
      jsonColumn.pos,
      `a JSON column (${jsonColumn.name}) is not supported with ${format} format`,
      'declare it TEXT and read it with json_get_str(col, key) / col ->> key',
    );
  const virtualNames = new Set(t.columns.filter((c) => c.generated).map((c) => c.name));
  if (virtualNames.size === 0) return [];
  const physical = schema.filter((f) => !virtualNames.has(f.name));
  const scope = {
    qualifier: t.name,
    columns: physical.map((f) => ({ kind: 'scalar' as const, name: f.name, type: f.type })),
  };
  const out: VirtualColumn[] = [];
  for (const c of t.columns) {
    if (!c.generated) continue;
    if (format !== 'json')
      throw sqlError(
        'SQL_UNSUPPORTED',
        c.pos,
        `can't use virtual fields with ${format} format (column ${c.name})`,
        'compute the value in the query (SELECT …, expr AS name FROM …) instead',
      );
    const bound = bindExpr(c.generated, {
      resolve: (parts, pos) => {
        const name = parts[parts.length - 1] ?? '';
        if (parts.length === 1 && virtualNames.has(name) && !physical.some((f) => f.name === name))
          throw sqlError(
            'SQL_INVALID',
            pos,
            `virtual column ${c.name} reads the virtual column ${name}`,
            `write ${name}'s expression in ${c.name}'s instead`,
          );
        return resolveIdent(scope, parts, pos);
      },
      intercept: (e) => {
        if (e.kind === 'call' && isAggregateName(e.name))
          throw sqlError(
            'SQL_INVALID',
            e.pos,
            `virtual column ${c.name} cannot use the aggregate ${e.name}(): it is computed from one record`,
            'aggregate in the query (GROUP BY …) instead',
          );
        return undefined;
      },
    });
    out.push({ name: c.name, expr: fitType(bound, c.type, c.name, c.pos) });
  }
  return out;
}

function fitType(e: Expr, to: Field['type'], name: string, pos: CreateTable['pos']): Expr {
  if (e.type === to) return e;
  if (e.type === 'null') return { kind: 'cast', expr: e, type: to };
  if (unify(to, e.type) === to && to === 'float') return { kind: 'cast', expr: e, type: to };
  throw sqlError(
    'SQL_TYPE_MISMATCH',
    pos,
    `virtual column ${name} is declared ${sqlTypeName(to)} but its expression is ${sqlTypeName(e.type)}`,
    castHint('the expression', to),
  );
}
