import { closest } from '../errors/did-you-mean.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { BASIC_AGGREGATE_FNS, EXTENDED_AGGREGATE_FNS } from '../spec/aggregate-spec.ts';
import type { Expr, ScalarFn } from '../spec/expr.ts';
import { LIBRARY_FNS, type LibraryFn } from '../spec/library-fns.ts';
import type { ScalarType } from '../spec/types.ts';
import { bindUdfCall } from '../udf/bind-udf.ts';
import { currentUdfCatalog, lookupUdf } from '../udf/udf-scope.ts';
import { bindLibraryCall, LIBRARY_NAMES, REFUSED_NAMES } from './bind-library-call.ts';
import { bindConditional } from './conditional-fns.ts';
import { AGGREGATE_ALIASES } from './extended-aggregates.ts';
import { castHint, isNumeric, sqlTypeName, unify } from './type-rules.ts';

/** Scalar functions by SQL name. */
const SCALAR: Readonly<Record<string, Exclude<ScalarFn, LibraryFn>>> = {
  upper: 'upper',
  lower: 'lower',
  length: 'length',
  char_length: 'length',
  character_length: 'length',
  concat: 'concat',
  substr: 'substr',
  substring: 'substr',
  coalesce: 'coalesce',
  abs: 'abs',
  round: 'round',
};

/**
 * Aggregates by SQL name: the spec's aggregate functions (count(*) and count(DISTINCT x) are
 * spellings of count), each after its aliases.
 */
export const AGGREGATES: readonly string[] = [...BASIC_AGGREGATE_FNS, ...EXTENDED_AGGREGATE_FNS]
  .filter((fn) => fn !== 'count_star' && fn !== 'count_distinct')
  .flatMap((fn) => [
    ...Object.keys(AGGREGATE_ALIASES).filter((alias) => AGGREGATE_ALIASES[alias] === fn),
    fn,
  ]);
export const WINDOW_FNS = ['tumble', 'hop', 'session'] as const;
const KNOWN = [
  ...Object.keys(SCALAR),
  ...LIBRARY_FNS,
  ...LIBRARY_NAMES,
  'if',
  'nullif',
  ...AGGREGATES,
  ...WINDOW_FNS,
];

/** Aggregates Arroyo has that sluice does not, for a precise "not supported yet". */
const UNSUPPORTED_AGGREGATES = new Set(['approx_percentile_cont', 'string_agg']);

/** True for aggregates, built-in or TypeScript UDFs (an unsupported built-in name may be a UDF). */
export function isAggregateName(name: string): boolean {
  const udf = lookupUdf(name);
  if (udf !== undefined) return udf.kind === 'aggregate';
  return AGGREGATES.includes(name) || UNSUPPORTED_AGGREGATES.has(name);
}

/** Names a TypeScript UDF may not take: every function sluice knows or refuses by name. */
export const isBuiltinFunction = (name: string): boolean =>
  KNOWN.includes(name) ||
  REFUSED_NAMES.includes(name) ||
  ['row_number', 'rank', 'dense_rank', 'unnest'].includes(name);

export function isScalarFunction(name: string): boolean {
  return SCALAR[name] !== undefined;
}

function arity(name: string, args: readonly Expr[], min: number, max: number, pos: Pos, usage: string): void {
  if (args.length < min || args.length > max)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      pos,
      `${name}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`,
      `write ${usage}`,
    );
}

function expect(
  name: string,
  arg: Expr | undefined,
  ok: (t: ScalarType) => boolean,
  want: string,
  to: ScalarType,
  pos: Pos,
): void {
  if (arg !== undefined && !ok(arg.type))
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      pos,
      `${name}() expects ${want}, got ${sqlTypeName(arg.type)}`,
      castHint('the argument', to),
    );
}

const isString = (t: ScalarType): boolean => t === 'string' || t === 'null';
const isInt = (t: ScalarType): boolean => t === 'int' || t === 'null';

/** Types a call to a scalar function. */
export function bindScalarCall(name: string, args: readonly Expr[], pos: Pos): Expr {
  const udf = lookupUdf(name);
  if (udf !== undefined) return bindUdfCall(udf, args, pos);
  const fn = SCALAR[name];
  const library =
    fn === undefined ? (bindConditional(name, args, pos) ?? bindLibraryCall(name, args, pos)) : undefined;
  if (library !== undefined) return library;
  if (fn === undefined) {
    const udfs = currentUdfCatalog()?.names ?? [];
    const near = closest(name, [...udfs, ...KNOWN]);
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `unknown function ${name}()`,
      `${near ? `did you mean ${near}()? ` : ''}${udfs.length > 0 ? `UDFs: ${udfs.join(', ')}; ` : ''}a TypeScript UDF must be exported by a module in udfs/ next to the SQL file or passed with --udf FILE.ts; supported functions: ${KNOWN.join(', ')}`,
    );
  }
  const call = (type: ScalarType): Expr => ({ kind: 'call', fn, args, type });
  switch (fn) {
    case 'upper':
    case 'lower':
      arity(name, args, 1, 1, pos, `${name}(text)`);
      expect(name, args[0], isString, 'TEXT', 'string', pos);
      return call('string');
    case 'length':
      arity(name, args, 1, 1, pos, `${name}(text)`);
      expect(name, args[0], isString, 'TEXT', 'string', pos);
      return call('int');
    case 'concat':
      arity(name, args, 1, 64, pos, 'concat(a, b, …)');
      return call('string');
    case 'substr':
      arity(name, args, 2, 3, pos, `${name}(text, start[, length])`);
      expect(name, args[0], isString, 'TEXT', 'string', pos);
      expect(name, args[1], isInt, 'an integer start', 'int', pos);
      expect(name, args[2], isInt, 'an integer length', 'int', pos);
      return call('string');
    case 'coalesce': {
      arity(name, args, 1, 64, pos, 'coalesce(a, b, …)');
      let t: ScalarType = 'null';
      for (const a of args) {
        const u = unify(t, a.type);
        if (u === null)
          throw sqlError(
            'SQL_TYPE_MISMATCH',
            pos,
            `coalesce() arguments mix ${sqlTypeName(t)} and ${sqlTypeName(a.type)}`,
            castHint('an argument', t),
          );
        t = u;
      }
      return call(t);
    }
    case 'abs':
      arity(name, args, 1, 1, pos, 'abs(number)');
      expect(name, args[0], isNumeric, 'a number', 'float', pos);
      return call(args[0]?.type === 'int' ? 'int' : 'float');
    case 'round':
      arity(name, args, 1, 2, pos, 'round(number[, digits])');
      expect(name, args[0], isNumeric, 'a number', 'float', pos);
      expect(name, args[1], isInt, 'integer digits', 'int', pos);
      return call('float');
    default: {
      const never: never = fn;
      return never;
    }
  }
}
