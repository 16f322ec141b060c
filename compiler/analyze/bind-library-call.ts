import { type Pos, sqlError } from '../errors/sql-error.ts';
import { isArrayType } from '../spec/array-types.ts';
import type { Expr } from '../spec/expr.ts';
import { isLibraryFn, type LibraryFn } from '../spec/library-fns.ts';
import type { ScalarType } from '../spec/types.ts';
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
/** Unit spellings folded to one name (DuckDB's plural and short forms). */
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  milliseconds: 'millisecond',
  ms: 'millisecond',
  seconds: 'second',
  s: 'second',
  minutes: 'minute',
  m: 'minute',
  hours: 'hour',
  h: 'hour',
  days: 'day',
  d: 'day',
  weeks: 'week',
  months: 'month',
  quarters: 'quarter',
  years: 'year',
  dayofweek: 'dow',
  dayofyear: 'doy',
};

const isText = (t: ScalarType): boolean => t === 'string' || t === 'null';
const isInt = (t: ScalarType): boolean => t === 'int' || t === 'null';
const isTime = (t: ScalarType): boolean => t === 'timestamp' || t === 'null';

/**
 * Types a call to a library function (or refuses a non-deterministic one); undefined if `name` is
 * not a library function.
 */
export function bindLibraryCall(name: string, args0: readonly Expr[], pos: Pos): Expr | undefined {
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
  const fn: LibraryFn | undefined = ALIASES[name] ?? (isLibraryFn(name) ? name : undefined);
  if (fn === undefined) return undefined;
  let args = args0;
  const arity = (min: number, max: number, usage: string): void => {
    if (args.length < min || args.length > max)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `${name}() takes ${min === max ? min : max === 99 ? `at least ${min}` : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`,
        `write ${usage}`,
      );
  };
  const want = (i: number, ok: (t: ScalarType) => boolean, what: string, to: ScalarType): void => {
    const a = args[i];
    if (a !== undefined && !ok(a.type))
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `${name}() argument ${i + 1} must be ${what}, got ${sqlTypeName(a.type)}`,
        castHint('the argument', to),
      );
  };
  const call = (type: ScalarType): Expr => ({ kind: 'call', fn, args, type });
  const text = (usage: string, min: number, max: number, types: ('text' | 'int')[]): void => {
    arity(min, max, usage);
    types.forEach((k, i) => {
      if (k === 'text') want(i, isText, 'TEXT', 'string');
      else want(i, isInt, 'an integer', 'int');
    });
  };
  const unit = (allowed: readonly string[], usage: string): string => {
    const u = args[0];
    if (u?.kind !== 'literal' || typeof u.value !== 'string')
      throw sqlError('SQL_INVALID', pos, `${name}() needs the unit as a quoted literal`, `write ${usage}`);
    const low = u.value.toLowerCase();
    const norm = UNIT_ALIASES[low] ?? low;
    if (!allowed.includes(norm))
      throw sqlError(
        'SQL_INVALID',
        pos,
        `${name}() does not know the unit '${u.value}'`,
        `use one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      );
    args = [{ kind: 'literal', value: norm, type: 'string' }, ...args.slice(1)];
    return norm;
  };
  switch (fn) {
    case 'trim':
    case 'ltrim':
    case 'rtrim':
      text(`${name}(text[, characters])`, 1, 2, ['text', 'text']);
      return call('string');
    case 'replace':
      text('replace(text, from, to)', 3, 3, ['text', 'text', 'text']);
      return call('string');
    case 'starts_with':
    case 'ends_with':
      text(`${name}(text, prefix)`, 2, 2, ['text', 'text']);
      return call('bool');
    case 'strpos':
      text(`${name}(text, substring)`, 2, 2, ['text', 'text']);
      return call('int');
    case 'left':
    case 'right':
      text(`${name}(text, n)`, 2, 2, ['text', 'int']);
      return call('string');
    case 'lpad':
    case 'rpad':
      text(`${name}(text, length[, fill])`, 2, 3, ['text', 'int', 'text']);
      return call('string');
    case 'reverse':
      text('reverse(text)', 1, 1, ['text']);
      return call('string');
    case 'split_part':
      text('split_part(text, delimiter, index)', 3, 3, ['text', 'text', 'int']);
      return call('string');
    case 'regexp_replace':
      text("regexp_replace(text, pattern, replacement[, 'g'])", 3, 4, ['text', 'text', 'text', 'text']);
      checkRegex(args[1], pos);
      return call('string');
    case 'regexp_like':
      text(`${name}(text, pattern)`, 2, 2, ['text', 'text']);
      checkRegex(args[1], pos);
      return call('bool');
    case 'split':
      text(`${name}(text, delimiter)`, 2, 2, ['text', 'text']);
      return call('string[]');
    case 'ceil':
    case 'floor':
    case 'sign':
      arity(1, 1, `${name}(number)`);
      want(0, isNumeric, 'a number', 'float');
      return call(fn === 'sign' || args[0]?.type === 'int' ? 'int' : 'float');
    case 'trunc':
      arity(1, 1, 'trunc(number)');
      want(0, isNumeric, 'a number', 'float');
      return call(args[0]?.type === 'int' ? 'int' : 'float');
    case 'sqrt':
    case 'exp':
    case 'ln':
    case 'log10':
      arity(1, 1, `${name}(number)`);
      want(0, isNumeric, 'a number', 'float');
      return call('float');
    case 'power':
    case 'mod':
      arity(2, 2, `${name}(x, y)`);
      want(0, isNumeric, 'a number', 'float');
      want(1, isNumeric, 'a number', 'float');
      return call(fn === 'power' ? 'float' : (unify(args[0]!.type, args[1]!.type) ?? 'float'));
    case 'greatest':
    case 'least': {
      arity(1, 99, `${name}(a, b, …)`);
      let t: ScalarType = 'null';
      for (const a of args) {
        const u = unify(t, a.type);
        if (u === null || isArrayType(u) || u === 'bool')
          throw sqlError(
            'SQL_TYPE_MISMATCH',
            pos,
            `${name}() arguments mix ${sqlTypeName(t)} and ${sqlTypeName(a.type)}`,
            castHint('an argument', t),
          );
        t = u;
      }
      return call(t);
    }
    case 'date_trunc':
      arity(2, 2, "date_trunc('hour', ts)");
      unit(TRUNC_UNITS, "date_trunc('hour', ts)");
      want(1, isTime, 'a TIMESTAMP', 'timestamp');
      return call('timestamp');
    case 'date_part': {
      arity(2, 2, "date_part('hour', ts)");
      const u = unit(PART_UNITS, "date_part('hour', ts)");
      want(1, isTime, 'a TIMESTAMP', 'timestamp');
      return call(u === 'epoch' ? 'float' : 'int');
    }
    case 'date_diff':
      arity(3, 3, "date_diff('second', start_ts, end_ts)");
      unit(DIFF_UNITS, "date_diff('second', start_ts, end_ts)");
      want(1, isTime, 'a TIMESTAMP', 'timestamp');
      want(2, isTime, 'a TIMESTAMP', 'timestamp');
      return call('int');
    case 'to_timestamp':
      arity(1, 1, 'to_timestamp(epoch_seconds)');
      want(0, isNumeric, 'a number of seconds since 1970', 'float');
      return call('timestamp');
    case 'cardinality':
      arity(1, 1, `${name}(array)`);
      want(0, (t) => isArrayType(t) || t === 'null', 'an array', 'string[]');
      return call('int');
    case 'json_get':
    case 'json_as_text':
    case 'json_get_str':
    case 'json_get_int':
    case 'json_get_float':
    case 'json_get_bool': {
      arity(2, 99, `${name}(json_text, 'key', …)`);
      want(0, isText, 'JSON text', 'string');
      for (let i = 1; i < args.length; i++)
        want(i, (t) => isText(t) || isInt(t), "a key ('name') or an index", 'string');
      const types: Record<string, ScalarType> = {
        json_get: 'string',
        json_as_text: 'string',
        json_get_str: 'string',
        json_get_int: 'int',
        json_get_float: 'float',
        json_get_bool: 'bool',
      };
      return call(types[fn] ?? 'string');
    }
    case 'extract_json_string':
      text("extract_json_string(json_text, '$.path')", 2, 2, ['text', 'text']);
      return call('string');
    case 'md5':
    case 'sha224':
    case 'sha256':
    case 'sha384':
    case 'sha512':
      // The digest of the text's UTF-8 bytes as lowercase hex TEXT: md5's type in DataFusion, and
      // what Arroyo's JSON output writes for the sha*() BYTEA results (sluice has no byte type).
      text(`${name}(text)`, 1, 1, ['text']);
      return call('string');
    default: {
      const never: never = fn;
      return never;
    }
  }
}

function checkRegex(p: Expr | undefined, pos: Pos): void {
  if (p?.kind !== 'literal' || typeof p.value !== 'string') return;
  try {
    new RegExp(p.value, 'u');
  } catch (err) {
    throw sqlError(
      'SQL_INVALID',
      pos,
      `invalid regular expression '${p.value}': ${(err as Error).message}`,
      'check the pattern (JavaScript/RE2 syntax)',
    );
  }
}
