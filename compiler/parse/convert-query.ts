import type { AstExpr } from '../ast/expr.ts';
import type { AstFrom, AstQuery, AstSelectItem } from '../ast/statement.ts';
import { NO_POS, type Pos, sqlError } from '../errors/sql-error.ts';
import { convertExpr } from './convert-expr.ts';
import { convertJoins } from './convert-join.ts';
import type { ConvertContext } from './convert-statement.ts';
import { checkReads, convertWith, inlineCtes } from './convert-with.ts';
import { posKey } from './pre-pass.ts';
import {
  arr,
  firstPos,
  ident,
  isEmpty,
  obj,
  objectName,
  type Raw,
  type RawObject,
  rejectUnknownKeys,
  spanPos,
  str,
  variant,
} from './raw.ts';

const QUERY_KEYS = new Set(['body', 'with', 'order_by', 'limit_clause', 'fetch']);
const SELECT_KEYS = new Set([
  'select_token',
  'projection',
  'from',
  'selection',
  'group_by',
  'flavor',
  'distinct',
  'having',
]);

export function convertQuery(q: RawObject, ctx: ConvertContext): AstQuery {
  const pos = firstPos(q);
  const ctes = isEmpty(q.with) ? [] : convertWith(obj(q.with), pos, (sub) => convertQuery(sub, ctx));
  if (!isEmpty(q.order_by))
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(q.order_by, pos),
      'ORDER BY is not supported yet',
      'a stream has no global order; remove ORDER BY',
    );
  if (!isEmpty(q.limit_clause) || !isEmpty(q.fetch))
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(q.limit_clause ?? q.fetch, pos),
      'LIMIT is not supported yet',
      'remove LIMIT; the preview shows rows as they arrive',
    );
  rejectUnknownKeys(q, QUERY_KEYS, pos, (k) => ({
    message: `${k} is not supported yet`,
    hint: 'write a plain SELECT',
  }));
  const query = inlineCtes(convertSetExpr(q.body, ctx, pos), ctes);
  if (ctes.length > 0) checkReads(query, pos);
  return query;
}

/** A SELECT, a parenthesized query, or `a UNION ALL b` (flattened into `unionAll`). */
function convertSetExpr(raw: Raw, ctx: ConvertContext, pos: Pos): AstQuery {
  const [tag, body] = variant(raw);
  if (tag === 'Query') return convertQuery(obj(body), ctx);
  if (tag === 'SetOperation') {
    const o = obj(body);
    const op = str(o.op).toUpperCase();
    const all = str(o.set_quantifier) === 'All';
    if (op !== 'UNION' || !all)
      throw sqlError(
        'SQL_UNSUPPORTED',
        firstPos(o.right, pos),
        `${op === 'UNION' ? 'UNION (without ALL)' : op} is not supported`,
        op === 'UNION'
          ? 'write UNION ALL (a stream keeps duplicates); GROUP BY the union to remove them per window'
          : 'only UNION ALL combines queries',
      );
    const left = convertSetExpr(o.left, ctx, pos);
    const right = convertSetExpr(o.right, ctx, pos);
    const { unionAll: leftRest = [], ...first } = left;
    const { unionAll: rightRest = [], ...second } = right;
    return { ...first, unionAll: [...leftRest, second, ...rightRest] };
  }
  if (tag !== 'Select')
    throw sqlError('SQL_UNSUPPORTED', pos, `${tag} is not supported yet`, 'write a SELECT … FROM table');
  return convertSelect(obj(body), ctx);
}

function convertSelect(s: RawObject, ctx: ConvertContext): AstQuery {
  const pos = spanPos(obj(s.select_token).span) ?? firstPos(s);
  if (!isEmpty(s.distinct))
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'SELECT DISTINCT is not supported yet',
      'GROUP BY tumble(…), cols with count(*) gives one row per distinct value and window',
    );
  rejectUnknownKeys(s, SELECT_KEYS, pos, (k) => ({
    message: `${k.replace(/_/g, ' ')} is not supported yet`,
    hint: 'write SELECT … FROM … WHERE … GROUP BY …',
  }));
  const froms = arr(s.from);
  const first = froms[0];
  if (first === undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'SELECT without FROM is not supported',
      'read from a source table: SELECT … FROM t',
    );
  if (froms.length > 1)
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(froms[1], pos),
      'comma joins (FROM a, b) are not supported',
      'write FROM a JOIN b ON a.key = b.key',
    );
  const twj = obj(first);
  const [gtag, gval] = variant(s.group_by);
  if (gtag === 'All')
    throw sqlError('SQL_UNSUPPORTED', pos, 'GROUP BY ALL is not supported', 'list the GROUP BY items');
  const groupExprs = arr(arr(gval)[0]);
  if (!isEmpty(arr(gval)[1]))
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(gval, pos),
      'GROUP BY modifiers are not supported',
      'GROUP BY tumble(…), cols',
    );
  return {
    items: arr(s.projection).map((p) => convertSelectItem(p, pos)),
    from: convertJoins(convertFrom(obj(twj.relation), ctx, pos), arr(twj.joins), ctx, pos),
    where: isEmpty(s.selection) ? null : convertExpr(s.selection),
    having: isEmpty(s.having) ? null : convertExpr(s.having),
    groupBy: groupExprs.map((g) => {
      const expr: AstExpr = convertExpr(g);
      return { expr, alias: ctx.groupByAliases.get(posKey(firstPos(g, NO_POS))) ?? null };
    }),
    pos,
  };
}

function convertSelectItem(raw: Raw, fallback: Pos): AstSelectItem {
  const [tag, v] = variant(raw);
  const pos = firstPos(raw, fallback);
  switch (tag) {
    case 'UnnamedExpr':
      return { kind: 'expr', expr: convertExpr(v), alias: null, pos };
    case 'ExprWithAlias': {
      const o = obj(v);
      return { kind: 'expr', expr: convertExpr(o.expr), alias: ident(o.alias).value, pos };
    }
    case 'Wildcard':
      return { kind: 'wildcard', qualifier: null, pos };
    case 'QualifiedWildcard': {
      const [, name] = variant(arr(v)[0]);
      return { kind: 'wildcard', qualifier: objectName(name, 'table').value, pos };
    }
    default:
      throw sqlError(
        'SQL_UNSUPPORTED',
        pos,
        `select item ${tag} is not supported`,
        'select expressions or *',
      );
  }
}

export function convertFrom(rel: RawObject, ctx: ConvertContext, fallback: Pos): AstFrom {
  const [tag, v] = variant(rel);
  const o = obj(v);
  const pos = firstPos(v, fallback);
  const alias = isEmpty(o.alias) ? null : ident(obj(o.alias).name).value;
  if (!isEmpty(obj(o.alias).columns))
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'column aliases on a FROM item are not supported',
      'alias columns inside the subquery',
    );
  if (tag === 'Table') {
    if (!isEmpty(o.args))
      throw sqlError(
        'SQL_UNSUPPORTED',
        pos,
        'table functions are not supported',
        'read from a table, view or subquery',
      );
    return { kind: 'table', name: objectName(o.name, 'table').value, alias, pos };
  }
  if (tag === 'Derived') {
    if (o.lateral === true)
      throw sqlError('SQL_UNSUPPORTED', pos, 'LATERAL is not supported', 'use a plain subquery');
    return { kind: 'subquery', query: convertQuery(obj(o.subquery), ctx), alias, pos };
  }
  if (tag === 'NestedJoin') {
    const inner = obj(o.table_with_joins);
    return convertJoins(convertFrom(obj(inner.relation), ctx, pos), arr(inner.joins), ctx, pos);
  }
  throw sqlError(
    'SQL_UNSUPPORTED',
    pos,
    `FROM ${tag} is not supported`,
    'read from a table, view or subquery',
  );
}
