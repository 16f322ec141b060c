import type { AstExpr } from '../ast/expr.ts';
import type { AstColumnDef } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { convertExpr } from './convert-expr.ts';
import { convertType } from './convert-type.ts';
import { arr, ident, obj, type Raw, variant } from './raw.ts';
import { UNSIGNED } from './unsigned-types.ts';

const OPTIONS_HINT =
  'a column takes NOT NULL, NULL, PRIMARY KEY or GENERATED ALWAYS AS (expr): write `name TYPE [NOT NULL] [PRIMARY KEY]`';

/**
 * One column of a CREATE TABLE: `name TYPE [UNSIGNED] [NOT NULL | NULL] [PRIMARY KEY]`. NOT NULL
 * makes a source's null or missing value a decode error; PRIMARY KEY is recorded (Arroyo reads it
 * for Debezium and lookup tables; an append-only source does not use it).
 */
export function convertColumn(raw: Raw, fallback: Pos): AstColumnDef {
  const co = obj(raw);
  const id = ident(co.name, fallback);
  const [tag] = variant(co.data_type);
  const unsigned = UNSIGNED[tag] ?? null;
  const type = unsigned === null ? convertType(co.data_type, id.pos) : 'int';
  let notNull = false;
  let primaryKey = false;
  let generated: AstExpr | null = null;
  for (const o of arr(co.options)) {
    const [kind] = variant(obj(o).option);
    if (kind === 'NotNull') notNull = true;
    else if (kind === 'Null') notNull = false;
    else if (kind === 'PrimaryKey' || (kind === 'Unique' && isPrimary(obj(o).option))) {
      primaryKey = true;
      notNull = true;
    } else if (kind === 'Generated') {
      const g = obj(variant(obj(o).option)[1]);
      if (g.generation_expr === null || g.generation_expr === undefined)
        throw sqlError(
          'SQL_UNSUPPORTED',
          id.pos,
          `column ${id.value}: only GENERATED ALWAYS AS (expr) is supported`,
          'compute the column from the others: `name TYPE GENERATED ALWAYS AS (expr)`',
        );
      generated = convertExpr(g.generation_expr);
    } else
      throw sqlError(
        'SQL_UNSUPPORTED',
        id.pos,
        `column option ${optionName(kind)} on ${id.value} is not supported`,
        OPTIONS_HINT,
      );
  }
  const json = tag === 'JSON';
  return {
    name: id.value,
    type,
    pos: id.pos,
    notNull,
    primaryKey,
    unsigned,
    generated,
    ...(json ? { json } : {}),
  };
}

/** Older parser versions spell PRIMARY KEY as `Unique { is_primary: true }`. */
function isPrimary(option: Raw): boolean {
  const [, body] = variant(option);
  return obj(body).is_primary === true;
}

function optionName(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/**
 * Table constraints: `PRIMARY KEY (a, b)` names key columns (the same as the column option); any
 * other constraint is refused.
 */
export function primaryKeyConstraint(constraints: Raw, fallback: Pos): { names: string[]; pos: Pos }[] {
  return arr(constraints).map((c) => {
    const [kind, body] = variant(c);
    if (kind !== 'PrimaryKey')
      throw sqlError(
        'SQL_UNSUPPORTED',
        fallback,
        `table constraint ${optionName(kind)} is not supported`,
        'declare a key with PRIMARY KEY (col, …) or on the column; remove UNIQUE / CHECK / FOREIGN KEY',
      );
    const names = arr(obj(body).columns).map((k) => {
      const [, e] = variant(obj(obj(k).column).expr);
      return ident(e, fallback);
    });
    return { names: names.map((n) => n.value), pos: names[0]?.pos ?? fallback };
  });
}
