import { isArrayType, type ScalarType } from '../../compiler/spec/index.ts';
import { EvaluationError } from '../errors.ts';
import { lib } from './library-implementations.ts';

/**
 * Runtime helpers the generated expression code calls (`h.<name>`). Values are JS primitives:
 * string, number (int, float, timestamp as epoch ms), boolean, or null.
 */

export const divisionByZero = (): never => {
  throw new EvaluationError('division by zero');
};

const ASTRAL = /[\uD800-\uDFFF]/;

/** Length in characters (code points), not UTF-16 units. */
export function charLength(s: string): number {
  return ASTRAL.test(s) ? Array.from(s).length : s.length;
}

/** SQL substr: 1-based; a start ≤ 0 eats into the length (as PostgreSQL/DuckDB); negative start counts from the end. */
export function substr(s: string, start: number, len: number | null | undefined): string {
  const chars = ASTRAL.test(s) ? Array.from(s) : null;
  const n = chars ? chars.length : s.length;
  let from = Math.trunc(start);
  if (from < 0) from = n + from + 1;
  let to = len === undefined || len === null ? n + 1 : from + Math.trunc(len);
  if (len !== undefined && len !== null && len < 0) return '';
  if (from < 1) from = 1;
  if (to > n + 1) to = n + 1;
  if (to <= from) return '';
  return chars ? chars.slice(from - 1, to - 1).join('') : s.slice(from - 1, to - 1);
}

/**
 * round(x, n): halves away from zero, computed as round(|x|·10ⁿ)/10ⁿ on doubles, exactly as DuckDB
 * and C's std::round do (so round(1.005, 2) = 1, since 1.005·100 is 100.4999… in binary).
 */
export function round(x: number, digits: number): number {
  const p = 10 ** Math.trunc(digits);
  const r = Math.round(Math.abs(x) * p) / p;
  return x < 0 ? -r : r;
}

const likeCache = new Map<string, RegExp>();

/** Compiles a LIKE pattern: `%` any run, `_` one character, everything else literal. */
export function likeRegex(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (re === undefined) {
    let src = '^';
    for (const ch of pattern) {
      if (ch === '%') src += '[\\s\\S]*';
      else if (ch === '_') src += '[\\s\\S]';
      else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    re = new RegExp(`${src}$`, 'u');
    if (likeCache.size > 1000) likeCache.clear();
    likeCache.set(pattern, re);
  }
  return re;
}

export const like = (s: string, pattern: string): boolean => likeRegex(pattern).test(s);

export function iso(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new EvaluationError(`timestamp ${ms} is out of range`);
  return d.toISOString();
}

/** DuckDB's text of a list: `[a, b, NULL]`. */
function arrayText(v: readonly unknown[], elem: ScalarType): string {
  const items = v.map((x) => (x === null ? 'NULL' : toText(x as string | number | boolean, elem)));
  return `[${items.join(', ')}]`;
}

/** Text of a value of static type `type`, as CAST(x AS string) gives it. */
export function toText(v: string | number | boolean, type: ScalarType): string {
  switch (type) {
    case 'string':
      return v as string;
    case 'int':
      return String(v);
    case 'float':
      return Number.isInteger(v) && Number.isFinite(v) ? (v as number).toFixed(1) : String(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'timestamp':
      return iso(v as number);
    case 'null':
      return String(v);
    case 'string[]':
    case 'int[]':
    case 'float[]':
    case 'bool[]':
    case 'timestamp[]':
      return arrayText(v as unknown as readonly unknown[], type.slice(0, -2) as ScalarType);
    default: {
      const never: never = type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

const INT_RE = /^[+-]?[0-9]+$/;
const FLOAT_RE = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/** Parses an ISO 8601 timestamp; a date-time without zone is UTC. */
export function parseTimestamp(s: string): number | undefined {
  const t = s.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(t))
    return undefined;
  let norm = t.replace(' ', 'T');
  if (/T/.test(norm) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(norm)) norm += 'Z';
  if (!/T/.test(norm)) norm += 'T00:00:00Z';
  const ms = Date.parse(norm);
  return Number.isNaN(ms) ? undefined : ms;
}

/** CAST(v AS to) where v (non-null) has static type `from`. */
export function cast(
  v: string | number | boolean,
  from: ScalarType,
  to: ScalarType,
): string | number | boolean | null {
  if (from === to) return v;
  if (isArrayType(to)) {
    if (Array.isArray(v)) return v;
    throw new EvaluationError(`cannot cast ${from} to ${to}`);
  }
  switch (to) {
    case 'string':
      return toText(v, from);
    case 'int': {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'number') return round(v, 0);
      const t = v.trim();
      if (!INT_RE.test(t)) throw new EvaluationError(`cannot cast '${v}' to int`);
      return Number.parseInt(t, 10);
    }
    case 'float': {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'number') return v;
      const t = v.trim();
      if (!FLOAT_RE.test(t)) {
        const low = t.toLowerCase();
        if (low === 'nan') return Number.NaN;
        if (low === 'inf' || low === 'infinity' || low === '+infinity') return Number.POSITIVE_INFINITY;
        if (low === '-inf' || low === '-infinity') return Number.NEGATIVE_INFINITY;
        throw new EvaluationError(`cannot cast '${v}' to float`);
      }
      return Number.parseFloat(t);
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      const t = v.trim().toLowerCase();
      if (t === 'true' || t === 't' || t === '1' || t === 'yes' || t === 'y') return true;
      if (t === 'false' || t === 'f' || t === '0' || t === 'no' || t === 'n') return false;
      throw new EvaluationError(`cannot cast '${v}' to bool`);
    }
    case 'timestamp': {
      if (typeof v === 'number') return Math.trunc(v);
      if (typeof v === 'boolean') throw new EvaluationError('cannot cast bool to timestamp');
      const ms = parseTimestamp(v);
      if (ms === undefined) throw new EvaluationError(`cannot cast '${v}' to timestamp`);
      return ms;
    }
    case 'null':
      return null;
    default: {
      const never: never = to;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

export const runtime = { divisionByZero, charLength, substr, round, like, likeRegex, toText, cast, iso, lib };
export type Runtime = typeof runtime;
