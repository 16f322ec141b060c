import type { AstExpr } from '../ast/expr.ts';
import type { AstFrom, AstQuery, AstSelectItem } from '../ast/statement.ts';
import { NO_POS, type Pos, sqlError } from '../errors/sql-error.ts';
import { convertExpr } from './convert-expr.ts';
import type { ConvertContext } from './convert-statement.ts';
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
  if (!isEmpty(q.with))
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'WITH (common table expressions) is not supported yet',
      'define the subquery with CREATE VIEW name AS SELECT …',
    );
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
  const [tag, body] = variant(q.body);
  if (tag === 'Query') return convertQuery(obj(body), ctx);
  if (tag === 'SetOperation') {
    const op = str(obj(body).op).toUpperCase();
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(obj(body).right, pos),
      `${op} is not supported yet`,
      'run one query per pipeline',
    );
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
  if (!isEmpty(s.having))
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(s.having, pos),
      'HAVING is not supported yet',
      'wrap the aggregate query in a subquery or view and filter with WHERE',
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
      'joins (FROM a, b) are not supported yet',
      'read from one table, view or subquery',
    );
  const twj = obj(first);
  if (!isEmpty(twj.joins))
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(twj.joins, pos),
      'JOIN is not supported yet',
      'read from one table, view or subquery; windowed joins are planned',
    );
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
    from: convertFrom(obj(twj.relation), ctx, pos),
    where: isEmpty(s.selection) ? null : convertExpr(s.selection),
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

function convertFrom(rel: RawObject, ctx: ConvertContext, fallback: Pos): AstFrom {
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
  if (tag === 'NestedJoin')
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'JOIN is not supported yet',
      'read from one table, view or subquery',
    );
  throw sqlError(
    'SQL_UNSUPPORTED',
    pos,
    `FROM ${tag} is not supported`,
    'read from a table, view or subquery',
  );
}
