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
    const query = inlineCtes(convert(obj(c.query)), ctes);
    checkReads(query, id.pos);
    ctes.push({ name: id.value, query });
  }
  return ctes;
}

/**
 * At most this many table reads once CTEs are inlined. A CTE read twice by the next, read twice by
 * the next… doubles at each step: 2^n reads from n lines of SQL would stall the planner (and the
 * console's validate endpoint), so such a query is refused instead.
 */
export const MAX_INLINED_READS = 256;

/** Table reads of `q` with CTEs inlined, memoized per shared subtree so counting stays linear. */
function reads(q: AstQuery, memo: WeakMap<AstQuery, number>): number {
  const known = memo.get(q);
  if (known !== undefined) return known;
  const from = (f: AstFrom): number =>
    f.kind === 'table' ? 1 : f.kind === 'subquery' ? reads(f.query, memo) : from(f.left) + from(f.right);
  const n = from(q.from) + (q.unionAll ?? []).reduce((a, b) => a + reads(b, memo), 0);
  memo.set(q, n);
  return n;
}

export function checkReads(q: AstQuery, pos: Pos): void {
  const n = reads(q, new WeakMap());
  if (n > MAX_INLINED_READS)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `this query reads its tables ${n} times once its CTEs are inlined (at most ${MAX_INLINED_READS})`,
      'read a CTE once and aggregate or join it in a view, instead of reading it several times in each CTE',
    );
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
