import type { AstBinaryOp, AstExpr, AstLiteral } from '../ast/expr.ts';
import { type Pos, sqlError, unsupported } from '../errors/sql-error.ts';
import { convertOver, convertRegexOp, convertSpecialForm } from './convert-extra.ts';
import { convertType } from './convert-type.ts';
import { INTERVAL_UNITS_HINT, parseInterval } from './interval.ts';
import type { RawObject } from './raw.ts';
import { arr, firstPos, ident, isEmpty, obj, type Raw, spanPos, str, variant } from './raw.ts';

const BINARY_OPS: Readonly<Record<string, AstBinaryOp>> = {
  Plus: '+',
  Minus: '-',
  Multiply: '*',
  Divide: '/',
  Modulo: '%',
  Eq: '=',
  NotEq: '<>',
  Lt: '<',
  LtEq: '<=',
  Gt: '>',
  GtEq: '>=',
  And: 'and',
  Or: 'or',
  StringConcat: '||',
};

/** `TIMESTAMP '2024-01-01 10:00:00'` → epoch ms (UTC when no zone is given). */
export function parseTimestamp(text: string): number | null {
  let iso = text.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function convertExpr(raw: Raw): AstExpr {
  const [tag, v] = variant(raw);
  const pos = firstPos(raw);
  const o = obj(v);
  switch (tag) {
    case 'Identifier': {
      const id = ident(v);
      return { kind: 'ident', parts: [id.value], pos: id.pos };
    }
    case 'CompoundIdentifier': {
      const ids = arr(v).map((x) => ident(x));
      return { kind: 'ident', parts: ids.map((i) => i.value), pos: ids[0]?.pos ?? pos };
    }
    case 'Nested':
      return convertExpr(v);
    case 'Value':
      return convertValue(o.value, spanPos(o.span) ?? pos);
    case 'TypedString':
      return convertTypedString(o, pos);
    case 'Interval':
      return convertInterval(o, pos);
    case 'BinaryOp':
      return convertBinaryOp(o, pos);
    case 'UnaryOp':
      return convertUnaryOp(o, pos);
    case 'IsNull':
    case 'IsNotNull':
      return { kind: 'is_null', expr: convertExpr(v), negated: tag === 'IsNotNull', pos };
    case 'Like': {
      if (!isEmpty(o.escape_char) || o.any === true)
        unsupported(pos, 'LIKE … ESCAPE / LIKE ANY', "use LIKE 'a%'");
      return {
        kind: 'like',
        expr: convertExpr(o.expr),
        pattern: convertExpr(o.pattern),
        negated: !!o.negated,
        pos,
      };
    }
    case 'ILike':
      return unsupported(pos, 'ILIKE', "use lower(x) LIKE 'abc%'");
    case 'InList':
      return {
        kind: 'in_list',
        expr: convertExpr(o.expr),
        list: arr(o.list).map(convertExpr),
        negated: !!o.negated,
        pos,
      };
    case 'InSubquery':
      return unsupported(pos, 'IN (subquery)', "use IN ('a', 'b') with a literal list");
    case 'Between':
      return convertBetween(o, pos);
    case 'Case':
      return {
        kind: 'case',
        operand: isEmpty(o.operand) ? null : convertExpr(o.operand),
        whens: arr(o.conditions).map((c) => ({
          when: convertExpr(obj(c).condition),
          then: convertExpr(obj(c).result),
        })),
        else: isEmpty(o.else_result) ? null : convertExpr(o.else_result),
        pos,
      };
    case 'Cast': {
      const kind = str(o.kind);
      if (kind !== 'Cast' && kind !== 'DoubleColon') unsupported(pos, kind, 'use CAST(x AS type)');
      return { kind: 'cast', expr: convertExpr(o.expr), to: convertType(o.data_type, pos), pos };
    }
    case 'Substring': {
      const args = [convertExpr(o.expr)];
      if (!isEmpty(o.substring_from)) args.push(convertExpr(o.substring_from));
      if (!isEmpty(o.substring_for)) args.push(convertExpr(o.substring_for));
      return { kind: 'call', name: 'substr', args, star: false, pos };
    }
    case 'Function':
      return convertFunction(o, pos);
    case 'Extract':
    case 'Ceil':
    case 'Floor':
    case 'Trim':
    case 'Position':
      return convertSpecialForm(tag, o, pos, convertExpr) ?? unsupported(pos, tag, 'see docs/sql-parser.md');
    default:
      return unsupported(
        pos,
        `the expression ${tag}`,
        'see docs/sql-parser.md for the supported expressions',
      );
  }
}

function convertValue(raw: Raw, pos: Pos): AstExpr {
  const [tag, v] = variant(raw);
  const lit = (literal: AstLiteral): AstExpr => ({ kind: 'literal', literal, pos });
  switch (tag) {
    case 'Number': {
      const text = str(arr(v)[0]);
      return /^[0-9]+$/.test(text) && Number.isSafeInteger(Number(text))
        ? lit({ type: 'int', value: Number(text) })
        : lit({ type: 'float', value: Number(text) });
    }
    case 'SingleQuotedString':
    case 'EscapedStringLiteral':
    case 'NationalStringLiteral':
      return lit({ type: 'string', value: str(v) });
    case 'Boolean':
      return lit({ type: 'bool', value: v === true });
    case 'Null':
      return lit({ type: 'null', value: null });
    default:
      return unsupported(
        pos,
        `the literal ${tag}`,
        "use numbers, 'strings', TRUE/FALSE, NULL or TIMESTAMP '…'",
      );
  }
}

function convertFunction(o: ReturnType<typeof obj>, pos: Pos): AstExpr {
  const nameParts = arr(o.name).map((p) => ident(variant(p)[1]));
  const name = nameParts.map((p) => p.value.toLowerCase()).join('.');
  const at = nameParts[0]?.pos ?? pos;
  const over = isEmpty(o.over) ? undefined : convertOver(o.over, at, convertExpr);
  if (!isEmpty(o.filter))
    unsupported(at, 'FILTER (WHERE …)', 'filter rows in WHERE, or use CASE inside the aggregate');
  if (!isEmpty(o.within_group)) unsupported(at, 'WITHIN GROUP', 'use min/max/avg');
  if (!isEmpty(o.null_treatment)) unsupported(at, 'IGNORE/RESPECT NULLS', 'use coalesce');
  const [argsTag, argsVal] = variant(o.args);
  if (argsTag !== 'List') {
    if (argsTag === 'None')
      return { kind: 'call', name, args: [], star: false, ...(over ? { over } : {}), pos: at };
    unsupported(at, `${name} with a subquery argument`, 'pass plain expressions');
  }
  const list = obj(argsVal);
  const distinct = str(list.duplicate_treatment) === 'Distinct';
  if (!isEmpty(list.clauses)) unsupported(at, `clauses inside ${name}(…)`, `write ${name}(x)`);
  let star = false;
  const args: AstExpr[] = [];
  for (const a of arr(list.args)) {
    const [kind, inner] = variant(a);
    if (kind !== 'Unnamed') unsupported(at, 'named function arguments', `write ${name}(x)`);
    const [argKind, argVal] = variant(inner);
    if (argKind === 'Wildcard') star = true;
    else if (argKind === 'Expr') args.push(convertExpr(argVal));
    else unsupported(at, `${name}(t.*)`, `write ${name}(*)`);
  }
  return {
    kind: 'call',
    name,
    args,
    star,
    ...(distinct ? { distinct } : {}),
    ...(over ? { over } : {}),
    pos: at,
  };
}

/** `TIMESTAMP '…'`, the one typed literal sluice takes. */
function convertTypedString(o: RawObject, pos: Pos): AstExpr {
  const [dt] = variant(o.data_type);
  const value = obj(o.value);
  const text = str(variant(value.value)[1]);
  const at = spanPos(value.span) ?? pos;
  if (dt !== 'Timestamp')
    unsupported(at, `${dt} '…' literals`, "use TIMESTAMP '2024-01-01 00:00:00' or CAST('…' AS TIMESTAMP)");
  const ms = parseTimestamp(text);
  if (ms === null)
    throw sqlError('SQL_SYNTAX', at, `invalid timestamp '${text}'`, "write TIMESTAMP 'YYYY-MM-DD HH:MM:SS'");
  return { kind: 'literal', literal: { type: 'timestamp', value: ms }, pos: at };
}

/** `INTERVAL '1' MINUTE` / `INTERVAL '1 minute'`. */
function convertInterval(o: RawObject, pos: Pos): AstExpr {
  const valueExpr = convertExpr(o.value);
  if (valueExpr.kind !== 'literal' || valueExpr.literal.type !== 'string')
    throw sqlError('SQL_SYNTAX', pos, 'an interval needs a quoted value', INTERVAL_UNITS_HINT);
  if (!isEmpty(o.last_field) || !isEmpty(o.fractional_seconds_precision))
    unsupported(pos, 'this interval form', INTERVAL_UNITS_HINT);
  const unit = isEmpty(o.leading_field) ? null : variant(o.leading_field)[0];
  const parsed = parseInterval(valueExpr.literal.value, unit);
  if ('error' in parsed) throw sqlError('SQL_SYNTAX', pos, parsed.error, INTERVAL_UNITS_HINT);
  return { kind: 'interval', ms: parsed.ms, pos };
}

/** Arithmetic, comparisons, AND/OR, `||`, the regex operators and the JSON arrows. */
function convertBinaryOp(o: RawObject, pos: Pos): AstExpr {
  if (str(o.op).startsWith('PGRegex'))
    return (
      convertRegexOp(str(o.op), convertExpr(o.left), convertExpr(o.right), pos) ??
      unsupported(pos, `the operator ${str(o.op)}`, "use a ~ 'regex' or regexp_like(a, 'regex')")
    );
  // Arroyo's (datafusion-functions-json) `json -> key` (the value, as JSON text here) and
  // `json ->> key` (a string as is, any other value as JSON text).
  if (str(o.op) === 'Arrow' || str(o.op) === 'LongArrow') {
    const name = str(o.op) === 'Arrow' ? 'json_get' : 'json_as_text';
    return { kind: 'call', name, args: [convertExpr(o.left), convertExpr(o.right)], star: false, pos };
  }
  const op = BINARY_OPS[str(o.op)];
  if (op === undefined)
    unsupported(
      pos,
      `the operator ${str(o.op) || JSON.stringify(o.op)}`,
      'use + - * / %, comparisons, AND/OR, ||',
    );
  return { kind: 'binary', op, left: convertExpr(o.left), right: convertExpr(o.right), pos };
}

/** `+x`, `NOT x`, `-x` (a negative literal when x is a number literal). */
function convertUnaryOp(o: RawObject, pos: Pos): AstExpr {
  const operand = convertExpr(o.expr);
  const op = str(o.op);
  if (op === 'Plus') return operand;
  if (op === 'Not') return { kind: 'unary', op: 'not', operand, pos };
  if (op === 'Minus') {
    if (operand.kind === 'literal' && (operand.literal.type === 'int' || operand.literal.type === 'float'))
      return { kind: 'literal', literal: { ...operand.literal, value: -operand.literal.value }, pos };
    return { kind: 'unary', op: 'neg', operand, pos };
  }
  return unsupported(pos, `the unary operator ${op}`, 'use - or NOT');
}

/** `x [NOT] BETWEEN a AND b` → `[NOT] (x >= a AND x <= b)`. */
function convertBetween(o: RawObject, pos: Pos): AstExpr {
  const e = convertExpr(o.expr);
  const inner: AstExpr = {
    kind: 'binary',
    op: 'and',
    left: { kind: 'binary', op: '>=', left: e, right: convertExpr(o.low), pos },
    right: { kind: 'binary', op: '<=', left: e, right: convertExpr(o.high), pos },
    pos,
  };
  return o.negated ? { kind: 'unary', op: 'not', operand: inner, pos } : inner;
}
