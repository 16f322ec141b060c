import type { AstFrom, AstQuery } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { arr, firstPos, ident, isEmpty, obj, type RawObject, spanPos } from './raw.ts';

/** One `name AS (SELECT …)` of a WITH clause, converted. */
export interface Cte {
  readonly name: string;
  readonly query: AstQuery;
}

/**
 * `WITH a AS (…), b AS (… FROM a …) SELECT … FROM b`: each common table expression becomes an inline
 * subquery wherever its name is read (as a view would, but scoped to the one query), so a CTE read
 * twice is planned twice. A later CTE may read an earlier one; a CTE name hides a table or view of
 * the same name inside the query. RECURSIVE and column lists are refused.
 */
export function convertWith(w: RawObject, pos: Pos, convert: (q: RawObject) => AstQuery): readonly Cte[] {
  if (w.recursive === true)
    throw sqlError(
      'SQL_UNSUPPORTED',
      spanPos(obj(w.with_token).span) ?? pos,
      'WITH RECURSIVE is not supported',
      'a stream query cannot recurse; write the steps as separate CTEs or views',
    );
  const ctes: Cte[] = [];
  for (const raw of arr(w.cte_tables)) {
    const c = obj(raw);
    const alias = obj(c.alias);
    const id = ident(alias.name, pos);
    if (!isEmpty(alias.columns))
      throw sqlError(
        'SQL_UNSUPPORTED',
        firstPos(alias.columns, id.pos),
        `column lists on the CTE ${id.value} are not supported`,
        `alias the columns inside: ${id.value} AS (SELECT a AS x, …)`,
      );
    if (ctes.some((d) => sameName(d.name, id.value)))
      throw sqlError('SQL_INVALID', id.pos, `the CTE ${id.value} is defined twice`, 'rename one of them');
    ctes.push({ name: id.value, query: inlineCtes(convert(obj(c.query)), ctes) });
  }
  return ctes;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Replaces each read of a CTE in `q` (FROM items, joins, subqueries, UNION ALL branches). */
export function inlineCtes(q: AstQuery, ctes: readonly Cte[]): AstQuery {
  if (ctes.length === 0) return q;
  const from = (f: AstFrom): AstFrom => {
    switch (f.kind) {
      case 'table': {
        const cte = ctes.find((c) => sameName(c.name, f.name));
        return cte === undefined
          ? f
          : { kind: 'subquery', query: cte.query, alias: f.alias ?? f.name, pos: f.pos };
      }
      case 'subquery':
        return { ...f, query: inlineCtes(f.query, ctes) };
      case 'join':
        return { ...f, left: from(f.left), right: from(f.right) };
      default: {
        const never: never = f;
        return never;
      }
    }
  };
  return {
    ...q,
    from: from(q.from),
    ...(q.unionAll === undefined ? {} : { unionAll: q.unionAll.map((b) => inlineCtes(b, ctes)) }),
  };
}
