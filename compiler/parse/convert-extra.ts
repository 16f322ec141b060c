import type { AstExpr, AstOrderItem, AstOver } from '../ast/expr.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { arr, isEmpty, obj, type Raw, type RawObject, str, variant } from './raw.ts';

/**
 * Conversions of the SQL-breadth constructs: OVER clauses, and the special syntaxes the parser
 * keeps as their own nodes (EXTRACT, CEIL/FLOOR, TRIM, POSITION, `~`) turned into plain calls.
 */
type Convert = (raw: Raw) => AstExpr;

const OVER_HINT =
  'write row_number() | rank() | dense_rank() OVER (PARTITION BY window ORDER BY … DESC) in a subquery, then WHERE rn <= N';

export function convertOver(raw: Raw, at: Pos, convert: Convert): AstOver {
  const [tag, v] = variant(raw);
  if (tag !== 'WindowSpec')
    throw sqlError('SQL_UNSUPPORTED', at, 'named windows (OVER w) are not supported', OVER_HINT);
  const o = obj(v);
  if (!isEmpty(o.window_frame))
    throw sqlError(
      'SQL_UNSUPPORTED',
      at,
      'window frames (ROWS/RANGE BETWEEN …) are not supported',
      `only ranking functions over a whole window partition are: ${OVER_HINT}`,
    );
  if (!isEmpty(o.window_name))
    throw sqlError('SQL_UNSUPPORTED', at, 'named windows (OVER w) are not supported', OVER_HINT);
  const orderBy: AstOrderItem[] = arr(o.order_by).map((item) => {
    const i = obj(item);
    const opts = obj(i.options);
    return {
      expr: convert(i.expr),
      desc: opts.asc === false,
      nullsFirst: typeof opts.nulls_first === 'boolean' ? opts.nulls_first : null,
    };
  });
  return { partitionBy: arr(o.partition_by).map(convert), orderBy, pos: at };
}

const call = (name: string, args: AstExpr[], pos: Pos): AstExpr => ({
  kind: 'call',
  name,
  args,
  star: false,
  pos,
});

const str_ = (value: string, pos: Pos): AstExpr => ({
  kind: 'literal',
  literal: { type: 'string', value },
  pos,
});

/** The parser's own nodes for EXTRACT/CEIL/FLOOR/TRIM/POSITION, as calls; undefined for other tags. */
export function convertSpecialForm(
  tag: string,
  o: RawObject,
  pos: Pos,
  convert: Convert,
): AstExpr | undefined {
  switch (tag) {
    case 'Extract': {
      const [field] = variant(o.field);
      return call('date_part', [str_(field.toLowerCase(), pos), convert(o.expr)], pos);
    }
    case 'Ceil':
    case 'Floor': {
      const [field, fv] = variant(o.field);
      if (field !== 'DateTimeField' || str(fv) !== 'NoDateTime')
        throw sqlError(
          'SQL_UNSUPPORTED',
          pos,
          `${tag.toUpperCase()}(x TO unit) is not supported`,
          "use date_trunc('unit', ts) for timestamps",
        );
      return call(tag.toLowerCase(), [convert(o.expr)], pos);
    }
    case 'Trim': {
      if (!isEmpty(o.trim_characters))
        throw sqlError('SQL_UNSUPPORTED', pos, 'TRIM(… , chars) is not supported', "write trim(x, 'chars')");
      const where = str(o.trim_where);
      const name = where === 'Leading' ? 'ltrim' : where === 'Trailing' ? 'rtrim' : 'trim';
      return call(name, [convert(o.expr), ...(isEmpty(o.trim_what) ? [] : [convert(o.trim_what)])], pos);
    }
    case 'Position':
      return call('strpos', [convert(o.in), convert(o.expr)], pos);
    default:
      return undefined;
  }
}

/** `a ~ 'x'` (regexp_like), `a !~ 'x'`; undefined for other operators. */
export function convertRegexOp(op: string, left: AstExpr, right: AstExpr, pos: Pos): AstExpr | undefined {
  if (op === 'PGRegexMatch') return call('regexp_like', [left, right], pos);
  if (op === 'PGRegexNotMatch')
    return { kind: 'unary', op: 'not', operand: call('regexp_like', [left, right], pos), pos };
  return undefined;
}
