import type { AstExpr } from '../ast/expr.ts';
import type {
  AstColumnDef,
  AstFrom,
  AstOption,
  AstQuery,
  AstSelectItem,
  AstStatement,
  AstWatermark,
} from '../ast/statement.ts';
import { NO_POS, type Pos, sqlError } from '../errors/sql-error.ts';
import { convertExpr, convertType } from './convert-expr.ts';
import { posKey, type StrippedWatermark } from './pre-pass.ts';
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

export interface ConvertContext {
  readonly watermarks: readonly StrippedWatermark[];
  readonly groupByAliases: ReadonlyMap<string, string>;
}

const STATEMENT_HINT = 'a pipeline is CREATE TABLE / CREATE VIEW statements plus one INSERT INTO … SELECT or SELECT';

export function convertStatement(raw: Raw, ctx: ConvertContext): AstStatement {
  const [tag, v] = variant(raw);
  const o = obj(v);
  const pos = firstPos(raw);
  switch (tag) {
    case 'Query':
      return { kind: 'select', query: convertQuery(o, ctx), pos };
    case 'Insert': {
      const [, tableName] = variant(o.table);
      const table = objectName(tableName, 'table');
      if (!isEmpty(o.columns))
        throw sqlError(
          'SQL_UNSUPPORTED',
          firstPos(o.columns, pos),
          'INSERT column lists are not supported yet',
          'name the columns in the SELECT list with AS, in the sink’s order',
        );
      if (isEmpty(o.source)) throw sqlError('SQL_UNSUPPORTED', pos, 'INSERT … VALUES is not supported yet', STATEMENT_HINT);
      return { kind: 'insert', table: table.value, query: convertQuery(obj(o.source), ctx), pos };
    }
    case 'CreateView': {
      const name = objectName(o.name, 'view');
      if (!isEmpty(o.columns))
        throw sqlError('SQL_UNSUPPORTED', name.pos, 'view column lists are not supported yet', 'alias the columns in the SELECT with AS');
      if (o.materialized === true)
        throw sqlError('SQL_UNSUPPORTED', name.pos, 'materialized views are not supported yet', 'use CREATE VIEW');
      return { kind: 'create_view', name: name.value, query: convertQuery(obj(o.query), ctx), pos: name.pos };
    }
    case 'CreateTable':
      return convertCreateTable(o, ctx, pos);
    default:
      throw sqlError('SQL_UNSUPPORTED', pos, `${tag} statements are not supported`, STATEMENT_HINT);
  }
}

function convertCreateTable(o: RawObject, ctx: ConvertContext, pos: Pos): AstStatement {
  const name = objectName(o.name, 'table');
  if (!isEmpty(o.query))
    throw sqlError('SQL_UNSUPPORTED', name.pos, 'CREATE TABLE … AS SELECT is not supported yet', 'use CREATE VIEW … AS SELECT');
  if (!isEmpty(o.constraints))
    throw sqlError('SQL_UNSUPPORTED', firstPos(o.constraints, name.pos), 'table constraints are not supported', 'remove PRIMARY KEY / UNIQUE / CHECK clauses');
  const columns: AstColumnDef[] = arr(o.columns).map((c) => {
    const co = obj(c);
    const id = ident(co.name, name.pos);
    if (!isEmpty(co.options))
      throw sqlError('SQL_UNSUPPORTED', id.pos, `column options on ${id.value} are not supported`, 'write just `name TYPE`');
    return { name: id.value, type: convertType(co.data_type, id.pos), pos: id.pos };
  });
  const wms = ctx.watermarks.filter((w) => w.table === name.value);
  const [first, second] = wms;
  if (second !== undefined)
    throw sqlError('SQL_UNSUPPORTED', second.pos, `table ${name.value} has more than one WATERMARK`, 'keep one WATERMARK FOR clause');
  const watermark: AstWatermark | null = first ? { column: first.column, delayMs: first.delayMs, pos: first.pos } : null;
  return { kind: 'create_table', name: name.value, columns, watermark, options: convertOptions(o, name.pos), pos: name.pos };
}

function convertOptions(o: RawObject, fallback: Pos): AstOption[] {
  const [tag, list] = variant(o.table_options);
  if (tag === 'None' || isEmpty(list)) return [];
  if (tag !== 'With')
    throw sqlError('SQL_UNSUPPORTED', firstPos(list, fallback), `${tag} table options are not supported`, "use WITH (connector = '…', …)");
  return arr(list).map((item) => {
    const [kind, kv] = variant(item);
    const p = obj(kv);
    const key = ident(p.key);
    const valueRaw = p.value;
    const [vtag, vv] = variant(valueRaw);
    const vpos = spanPos(obj(vv).span) ?? firstPos(valueRaw, fallback);
    const at = spanPos(obj(p.key).span) ?? vpos;
    if (kind !== 'KeyValue' || vtag !== 'Value')
      throw sqlError('SQL_INVALID_OPTION', at, `option ${key.value || '?'} needs a literal value`, "write key = 'value'");
    const [lt, lv] = variant(obj(vv).value);
    let value: string | number | boolean;
    if (lt === 'SingleQuotedString' || lt === 'DoubleQuotedString') value = str(lv);
    else if (lt === 'Number') value = Number(str(arr(lv)[0]));
    else if (lt === 'Boolean') value = lv === true;
    else throw sqlError('SQL_INVALID_OPTION', vpos, `option ${key.value} has an unsupported value`, "write key = 'value'");
    return { key: key.value, value, pos: at };
  });
}

const QUERY_KEYS = new Set(['body', 'with', 'order_by', 'limit_clause', 'fetch']);
const SELECT_KEYS = new Set(['select_token', 'projection', 'from', 'selection', 'group_by', 'flavor', 'distinct', 'having']);

export function convertQuery(q: RawObject, ctx: ConvertContext): AstQuery {
  const pos = firstPos(q);
  if (!isEmpty(q.with))
    throw sqlError('SQL_UNSUPPORTED', pos, 'WITH (common table expressions) is not supported yet', 'define the subquery with CREATE VIEW name AS SELECT …');
  if (!isEmpty(q.order_by))
    throw sqlError('SQL_UNSUPPORTED', firstPos(q.order_by, pos), 'ORDER BY is not supported yet', 'a stream has no global order; remove ORDER BY');
  if (!isEmpty(q.limit_clause) || !isEmpty(q.fetch))
    throw sqlError('SQL_UNSUPPORTED', firstPos(q.limit_clause ?? q.fetch, pos), 'LIMIT is not supported yet', 'remove LIMIT; the preview shows rows as they arrive');
  rejectUnknownKeys(q, QUERY_KEYS, pos, (k) => ({ message: `${k} is not supported yet`, hint: 'write a plain SELECT' }));
  const [tag, body] = variant(q.body);
  if (tag === 'Query') return convertQuery(obj(body), ctx);
  if (tag === 'SetOperation') {
    const op = str(obj(body).op).toUpperCase();
    throw sqlError('SQL_UNSUPPORTED', firstPos(obj(body).right, pos), `${op} is not supported yet`, 'run one query per pipeline');
  }
  if (tag !== 'Select') throw sqlError('SQL_UNSUPPORTED', pos, `${tag} is not supported yet`, 'write a SELECT … FROM table');
  return convertSelect(obj(body), ctx);
}

function convertSelect(s: RawObject, ctx: ConvertContext): AstQuery {
  const pos = spanPos(obj(s.select_token).span) ?? firstPos(s);
  if (!isEmpty(s.distinct))
    throw sqlError('SQL_UNSUPPORTED', pos, 'SELECT DISTINCT is not supported yet', 'GROUP BY tumble(…), cols with count(*) gives one row per distinct value and window');
  if (!isEmpty(s.having))
    throw sqlError('SQL_UNSUPPORTED', firstPos(s.having, pos), 'HAVING is not supported yet', 'wrap the aggregate query in a subquery or view and filter with WHERE');
  rejectUnknownKeys(s, SELECT_KEYS, pos, (k) => ({ message: `${k.replace(/_/g, ' ')} is not supported yet`, hint: 'write SELECT … FROM … WHERE … GROUP BY …' }));
  const froms = arr(s.from);
  const first = froms[0];
  if (first === undefined)
    throw sqlError('SQL_UNSUPPORTED', pos, 'SELECT without FROM is not supported', 'read from a source table: SELECT … FROM t');
  if (froms.length > 1)
    throw sqlError('SQL_UNSUPPORTED', firstPos(froms[1], pos), 'joins (FROM a, b) are not supported yet', 'read from one table, view or subquery');
  const twj = obj(first);
  if (!isEmpty(twj.joins))
    throw sqlError('SQL_UNSUPPORTED', firstPos(twj.joins, pos), 'JOIN is not supported yet', 'read from one table, view or subquery; windowed joins are planned');
  const [gtag, gval] = variant(s.group_by);
  if (gtag === 'All') throw sqlError('SQL_UNSUPPORTED', pos, 'GROUP BY ALL is not supported', 'list the GROUP BY items');
  const groupExprs = arr(arr(gval)[0]);
  if (!isEmpty(arr(gval)[1]))
    throw sqlError('SQL_UNSUPPORTED', firstPos(gval, pos), 'GROUP BY modifiers are not supported', 'GROUP BY tumble(…), cols');
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
      throw sqlError('SQL_UNSUPPORTED', pos, `select item ${tag} is not supported`, 'select expressions or *');
  }
}

function convertFrom(rel: RawObject, ctx: ConvertContext, fallback: Pos): AstFrom {
  const [tag, v] = variant(rel);
  const o = obj(v);
  const pos = firstPos(v, fallback);
  const alias = isEmpty(o.alias) ? null : ident(obj(o.alias).name).value;
  if (!isEmpty(obj(o.alias).columns))
    throw sqlError('SQL_UNSUPPORTED', pos, 'column aliases on a FROM item are not supported', 'alias columns inside the subquery');
  if (tag === 'Table') {
    if (!isEmpty(o.args))
      throw sqlError('SQL_UNSUPPORTED', pos, 'table functions are not supported', 'read from a table, view or subquery');
    return { kind: 'table', name: objectName(o.name, 'table').value, alias, pos };
  }
  if (tag === 'Derived') {
    if (o.lateral === true) throw sqlError('SQL_UNSUPPORTED', pos, 'LATERAL is not supported', 'use a plain subquery');
    return { kind: 'subquery', query: convertQuery(obj(o.subquery), ctx), alias, pos };
  }
  if (tag === 'NestedJoin')
    throw sqlError('SQL_UNSUPPORTED', pos, 'JOIN is not supported yet', 'read from one table, view or subquery');
  throw sqlError('SQL_UNSUPPORTED', pos, `FROM ${tag} is not supported`, 'read from a table, view or subquery');
}
