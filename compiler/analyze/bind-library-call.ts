import { type Pos, sqlError } from '../errors/sql-error.ts';
import { isArrayType } from '../spec/array-types.ts';
import type { Expr } from '../spec/expr.ts';
import { isLibraryFn, type LibraryFn } from '../spec/library-fns.ts';
import type { ScalarType } from '../spec/types.ts';
import { isInt, isText, isTime, LibraryArgs, type TextArg } from './library-args.ts';
import { castHint, isNumeric, sqlTypeName, unify } from './type-rules.ts';

/** Other SQL spellings of library functions. */
const ALIASES: Readonly<Record<string, LibraryFn>> = {
  btrim: 'trim',
  instr: 'strpos',
  pow: 'power',
  ceiling: 'ceil',
  regexp_matches: 'regexp_like',
  datepart: 'date_part',
  datetrunc: 'date_trunc',
  datediff: 'date_diff',
  string_split: 'split',
  string_to_array: 'split',
  array_length: 'cardinality',
  json_get_json: 'json_get',
};

/** Functions refused with a reason: results would depend on when or how often a row is processed. */
const NON_DETERMINISTIC: Readonly<Record<string, string>> = {
  now: 'now()',
  current_timestamp: 'CURRENT_TIMESTAMP',
  current_date: 'CURRENT_DATE',
  current_time: 'CURRENT_TIME',
  localtimestamp: 'LOCALTIMESTAMP',
  random: 'random()',
  uuid: 'uuid()',
  gen_random_uuid: 'gen_random_uuid()',
};

export const LIBRARY_NAMES: readonly string[] = [...Object.keys(ALIASES)];
/** Names refused on purpose (non-deterministic functions). */
export const REFUSED_NAMES: readonly string[] = Object.keys(NON_DETERMINISTIC);

const TRUNC_UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
const PART_UNITS = [
  'millisecond',
  'second',
  'minute',
  'hour',
  'day',
  'dow',
  'isodow',
  'doy',
  'week',
  'month',
  'quarter',
  'year',
  'epoch',
];
const DIFF_UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

/**
 * The text functions by signature: `name` + `args` is the usage shown in errors, `min` the fewest
 * arguments (`types.length` the most), `regex` the argument that is a pattern.
 */
const TEXT_FNS = {
  trim: { args: '(text[, characters])', min: 1, types: ['text', 'text'], result: 'string' },
  ltrim: { args: '(text[, characters])', min: 1, types: ['text', 'text'], result: 'string' },
  rtrim: { args: '(text[, characters])', min: 1, types: ['text', 'text'], result: 'string' },
  replace: { args: '(text, from, to)', min: 3, types: ['text', 'text', 'text'], result: 'string' },
  starts_with: { args: '(text, prefix)', min: 2, types: ['text', 'text'], result: 'bool' },
  ends_with: { args: '(text, prefix)', min: 2, types: ['text', 'text'], result: 'bool' },
  strpos: { args: '(text, substring)', min: 2, types: ['text', 'text'], result: 'int' },
  left: { args: '(text, n)', min: 2, types: ['text', 'int'], result: 'string' },
  right: { args: '(text, n)', min: 2, types: ['text', 'int'], result: 'string' },
  lpad: { args: '(text, length[, fill])', min: 2, types: ['text', 'int', 'text'], result: 'string' },
  rpad: { args: '(text, length[, fill])', min: 2, types: ['text', 'int', 'text'], result: 'string' },
  reverse: { args: '(text)', min: 1, types: ['text'], result: 'string' },
  split_part: { args: '(text, delimiter, index)', min: 3, types: ['text', 'text', 'int'], result: 'string' },
  regexp_replace: {
    args: "(text, pattern, replacement[, 'g'])",
    min: 3,
    types: ['text', 'text', 'text', 'text'],
    result: 'string',
    regex: 1,
  },
  regexp_like: { args: '(text, pattern)', min: 2, types: ['text', 'text'], result: 'bool', regex: 1 },
  split: { args: '(text, delimiter)', min: 2, types: ['text', 'text'], result: 'string[]' },
  extract_json_string: { args: "(json_text, '$.path')", min: 2, types: ['text', 'text'], result: 'string' },
  // The digest of the text's UTF-8 bytes as lowercase hex TEXT: md5's type in DataFusion, and
  // what Arroyo's JSON output writes for the sha*() BYTEA results (sluice has no byte type).
  md5: { args: '(text)', min: 1, types: ['text'], result: 'string' },
  sha224: { args: '(text)', min: 1, types: ['text'], result: 'string' },
  sha256: { args: '(text)', min: 1, types: ['text'], result: 'string' },
  sha384: { args: '(text)', min: 1, types: ['text'], result: 'string' },
  sha512: { args: '(text)', min: 1, types: ['text'], result: 'string' },
} as const satisfies Partial<
  Record<
    LibraryFn,
    { args: string; min: number; types: readonly TextArg[]; result: ScalarType; regex?: number }
  >
>;
type TextFn = keyof typeof TEXT_FNS;
const isTextFn = (fn: LibraryFn): fn is TextFn => Object.hasOwn(TEXT_FNS, fn);

/** The result type of each JSON getter. */
const JSON_GETTERS = {
  json_get: 'string',
  json_as_text: 'string',
  json_get_str: 'string',
  json_get_int: 'int',
  json_get_float: 'float',
  json_get_bool: 'bool',
} as const satisfies Partial<Record<LibraryFn, ScalarType>>;
type JsonGetter = keyof typeof JSON_GETTERS;

/**
 * Types a call to a library function (or refuses a non-deterministic one); undefined if `name` is
 * not a library function.
 */
export function bindLibraryCall(name: string, args: readonly Expr[], pos: Pos): Expr | undefined {
  refuseNonDeterministic(name, pos);
  const fn: LibraryFn | undefined = ALIASES[name] ?? (isLibraryFn(name) ? name : undefined);
  if (fn === undefined) return undefined;
  const a = new LibraryArgs(name, fn, args, pos);
  if (isTextFn(fn)) {
    const sig: { args: string; min: number; types: readonly TextArg[]; result: ScalarType; regex?: number } =
      TEXT_FNS[fn];
    a.text(`${name}${sig.args}`, sig.min, sig.types);
    if (sig.regex !== undefined) a.regex(sig.regex);
    return a.call(sig.result);
  }
  return bindOtherCall(name, fn, a, pos);
}

function refuseNonDeterministic(name: string, pos: Pos): void {
  const refused = NON_DETERMINISTIC[name];
  if (refused !== undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `${refused} is not supported: it is non-deterministic, so a replay (exactly-once) would give different results`,
      name === 'random' || name.includes('uuid')
        ? 'derive the value from the row, e.g. a hash of its key columns'
        : 'use the event time (the WATERMARK column), or window.start / window.end',
    );
}

/** The number, time, array and JSON functions. */
function bindOtherCall(name: string, fn: Exclude<LibraryFn, TextFn>, a: LibraryArgs, pos: Pos): Expr {
  switch (fn) {
    case 'ceil':
    case 'floor':
    case 'sign':
    case 'trunc':
    case 'sqrt':
    case 'exp':
    case 'ln':
    case 'log10':
      return bindNumberCall(name, fn, a);
    case 'power':
    case 'mod':
      a.arity(2, 2, `${name}(x, y)`);
      a.want(0, isNumeric, 'a number', 'float');
      a.want(1, isNumeric, 'a number', 'float');
      return a.call(fn === 'power' ? 'float' : (unify(a.args[0]!.type, a.args[1]!.type) ?? 'float'));
    case 'greatest':
    case 'least':
      return bindExtremum(name, a, pos);
    case 'date_trunc':
    case 'date_part':
    case 'date_diff':
    case 'to_timestamp':
      return bindTimeCall(fn, a);
    case 'cardinality':
      a.arity(1, 1, `${name}(array)`);
      a.want(0, (t) => isArrayType(t) || t === 'null', 'an array', 'string[]');
      return a.call('int');
    case 'json_get':
    case 'json_as_text':
    case 'json_get_str':
    case 'json_get_int':
    case 'json_get_float':
    case 'json_get_bool':
      return bindJsonGetter(name, fn, a);
    default: {
      const never: never = fn;
      return never;
    }
  }
}

/** One-number functions: `sign` is an integer, `ceil`/`floor`/`trunc` keep an integer's type. */
function bindNumberCall(
  name: string,
  fn: 'ceil' | 'floor' | 'sign' | 'trunc' | 'sqrt' | 'exp' | 'ln' | 'log10',
  a: LibraryArgs,
): Expr {
  a.arity(1, 1, `${name}(number)`);
  a.want(0, isNumeric, 'a number', 'float');
  if (fn === 'sign') return a.call('int');
  const keepsInt = fn === 'ceil' || fn === 'floor' || fn === 'trunc';
  return a.call(keepsInt && a.args[0]?.type === 'int' ? 'int' : 'float');
}

/** `greatest`/`least`: the arguments' common type, neither boolean nor array. */
function bindExtremum(name: string, a: LibraryArgs, pos: Pos): Expr {
  a.arity(1, 99, `${name}(a, b, …)`);
  let t: ScalarType = 'null';
  for (const arg of a.args) {
    const u = unify(t, arg.type);
    if (u === null || isArrayType(u) || u === 'bool')
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `${name}() arguments mix ${sqlTypeName(t)} and ${sqlTypeName(arg.type)}`,
        castHint('an argument', t),
      );
    t = u;
  }
  return a.call(t);
}

function bindTimeCall(fn: 'date_trunc' | 'date_part' | 'date_diff' | 'to_timestamp', a: LibraryArgs): Expr {
  switch (fn) {
    case 'date_trunc':
      a.arity(2, 2, "date_trunc('hour', ts)");
      a.unit(TRUNC_UNITS, "date_trunc('hour', ts)");
      a.want(1, isTime, 'a TIMESTAMP', 'timestamp');
      return a.call('timestamp');
    case 'date_part': {
      a.arity(2, 2, "date_part('hour', ts)");
      const u = a.unit(PART_UNITS, "date_part('hour', ts)");
      a.want(1, isTime, 'a TIMESTAMP', 'timestamp');
      return a.call(u === 'epoch' ? 'float' : 'int');
    }
    case 'date_diff':
      a.arity(3, 3, "date_diff('second', start_ts, end_ts)");
      a.unit(DIFF_UNITS, "date_diff('second', start_ts, end_ts)");
      a.want(1, isTime, 'a TIMESTAMP', 'timestamp');
      a.want(2, isTime, 'a TIMESTAMP', 'timestamp');
      return a.call('int');
    case 'to_timestamp':
      a.arity(1, 1, 'to_timestamp(epoch_seconds)');
      a.want(0, isNumeric, 'a number of seconds since 1970', 'float');
      return a.call('timestamp');
    default: {
      const never: never = fn;
      return never;
    }
  }
}

/** `json_get*(json_text, key or index, …)`. */
function bindJsonGetter(name: string, fn: JsonGetter, a: LibraryArgs): Expr {
  a.arity(2, 99, `${name}(json_text, 'key', …)`);
  a.want(0, isText, 'JSON text', 'string');
  for (let i = 1; i < a.args.length; i++)
    a.want(i, (t) => isText(t) || isInt(t), "a key ('name') or an index", 'string');
  return a.call(JSON_GETTERS[fn]);
}
