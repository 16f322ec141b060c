import type { AstColumnDef, AstOption, AstStatement, AstWatermark } from '../ast/statement.ts';
import { type Pos, sqlError, unsupported } from '../errors/sql-error.ts';
import { convertColumn, primaryKeyConstraint } from './convert-column.ts';
import { convertExpr } from './convert-expr.ts';
import { convertQuery } from './convert-query.ts';
import type { StrippedMetadata, StrippedWatermark } from './pre-pass.ts';
import {
  arr,
  firstPos,
  ident,
  isEmpty,
  obj,
  objectName,
  type Raw,
  type RawObject,
  spanPos,
  str,
  variant,
} from './raw.ts';

export interface ConvertContext {
  readonly watermarks: readonly StrippedWatermark[];
  readonly groupByAliases: ReadonlyMap<string, string>;
  readonly metadata?: readonly StrippedMetadata[];
}

const STATEMENT_HINT =
  'a pipeline is CREATE TABLE / CREATE VIEW statements plus one INSERT INTO … SELECT or SELECT';

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
        unsupported(
          firstPos(o.columns, pos),
          'INSERT column lists',
          'name the columns in the SELECT list with AS, in the sink’s order',
        );
      if (isEmpty(o.source)) unsupported(pos, 'INSERT … VALUES', STATEMENT_HINT);
      return { kind: 'insert', table: table.value, query: convertQuery(obj(o.source), ctx), pos };
    }
    case 'CreateView': {
      const name = objectName(o.name, 'view');
      if (!isEmpty(o.columns))
        unsupported(name.pos, 'view column lists', 'alias the columns in the SELECT with AS');
      if (o.materialized === true) unsupported(name.pos, 'materialized views', 'use CREATE VIEW');
      return { kind: 'create_view', name: name.value, query: convertQuery(obj(o.query), ctx), pos: name.pos };
    }
    case 'CreateTable':
      return convertCreateTable(o, ctx);
    case 'Set':
      return convertSet(v, pos);
    default:
      throw sqlError('SQL_UNSUPPORTED', pos, `${tag} statements are not supported`, STATEMENT_HINT);
  }
}

/** `SET name = value`: one variable, one value (e.g. `SET updating_ttl = INTERVAL '1 hour'`). */
function convertSet(v: Raw, pos: Pos): AstStatement {
  const [tag, body] = variant(v);
  const b = obj(body);
  const [value, extra] = arr(b.values);
  if (tag !== 'SingleAssignment' || value === undefined || extra !== undefined)
    throw sqlError('SQL_UNSUPPORTED', pos, 'this form of SET is not supported', "write SET name = 'value'");
  const name = objectName(b.variable, 'variable');
  return { kind: 'set', name: name.value.toLowerCase(), value: convertExpr(value), pos: name.pos };
}

function convertCreateTable(o: RawObject, ctx: ConvertContext): AstStatement {
  const name = objectName(o.name, 'table');
  if (!isEmpty(o.query)) unsupported(name.pos, 'CREATE TABLE … AS SELECT', 'use CREATE VIEW … AS SELECT');
  const keys = primaryKeyConstraint(o.constraints, name.pos);
  const columns: AstColumnDef[] = arr(o.columns).map((c) => convertColumn(c, name.pos));
  for (const k of keys)
    for (const n of k.names) {
      const i = columns.findIndex((c) => c.name === n);
      const col = columns[i];
      if (col === undefined)
        throw sqlError(
          'SQL_UNKNOWN_COLUMN',
          k.pos,
          `PRIMARY KEY column ${n} is not a column of ${name.value}`,
          `declare ${n} in the column list`,
        );
      columns[i] = { ...col, primaryKey: true, notNull: true };
    }
  withMetadata(columns, ctx.metadata ?? [], name.value);
  const wms = ctx.watermarks.filter((w) => w.table === name.value);
  const [first, second] = wms;
  if (second !== undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      second.pos,
      `table ${name.value} has more than one WATERMARK`,
      'keep one WATERMARK FOR clause',
    );
  const watermark: AstWatermark | null = first
    ? { column: first.column, delayMs: first.delayMs, pos: first.pos }
    : null;
  return {
    kind: 'create_table',
    name: name.value,
    columns,
    watermark,
    options: convertOptions(o, name.pos),
    pos: name.pos,
  };
}

function convertOptions(o: RawObject, fallback: Pos): AstOption[] {
  const [tag, list] = variant(o.table_options);
  if (tag === 'None' || isEmpty(list)) return [];
  if (tag !== 'With')
    throw sqlError(
      'SQL_UNSUPPORTED',
      firstPos(list, fallback),
      `${tag} table options are not supported`,
      "use WITH (connector = '…', …)",
    );
  return arr(list).map((item) => {
    const [kind, kv] = variant(item);
    const p = obj(kv);
    const key = ident(p.key);
    const valueRaw = p.value;
    const [vtag, vv] = variant(valueRaw);
    const vpos = spanPos(obj(vv).span) ?? firstPos(valueRaw, fallback);
    const at = spanPos(obj(p.key).span) ?? vpos;
    // `event_time_field = datetime`: a bare word (as Arroyo accepts) is the option's text.
    if (kind === 'KeyValue' && vtag === 'Identifier')
      return { key: key.value, value: ident(vv).value, pos: at };
    if (kind !== 'KeyValue' || vtag !== 'Value')
      throw sqlError(
        'SQL_INVALID_OPTION',
        at,
        `option ${key.value || '?'} needs a literal value`,
        "write key = 'value'",
      );
    const [lt, lv] = variant(obj(vv).value);
    let value: string | number | boolean;
    if (lt === 'SingleQuotedString' || lt === 'DoubleQuotedString') value = str(lv);
    else if (lt === 'Number') value = Number(str(arr(lv)[0]));
    else if (lt === 'Boolean') value = lv === true;
    else
      throw sqlError(
        'SQL_INVALID_OPTION',
        vpos,
        `option ${key.value} has an unsupported value`,
        "write key = 'value'",
      );
    return { key: key.value, value, pos: at };
  });
}

/** Gives each `METADATA FROM` clause of the table to the column it follows (the last one declared before it). */
function withMetadata(columns: AstColumnDef[], metadata: readonly StrippedMetadata[], table: string): void {
  const before = (a: Pos, b: Pos): boolean => a.line < b.line || (a.line === b.line && a.column < b.column);
  for (const m of metadata) {
    if (m.table !== table) continue;
    let at = -1;
    columns.forEach((c, i) => {
      if (before(c.pos, m.pos)) at = i;
    });
    const col = columns[at];
    if (col === undefined)
      throw sqlError(
        'SQL_SYNTAX',
        m.pos,
        'METADATA FROM must follow a column and its type',
        "write col BIGINT METADATA FROM 'offset_id'",
      );
    columns[at] = { ...col, metadata: { key: m.key, pos: m.pos } };
  }
}
