import { createHash } from 'node:crypto';
import { EvaluationError } from '../errors.ts';

/** A digest of the text's UTF-8 bytes, as lowercase hex (md5/sha*: DataFusion's, hex-encoded). */
const digest = (algorithm: string, s: string): string =>
  createHash(algorithm).update(s, 'utf8').digest('hex');

/**
 * Run-time implementations of the scalar library (compiler/spec/library-fns.ts), called by the
 * generated code as `h.lib.<name>(…)`. Arguments are non-NULL (NULL in → NULL out is generated
 * around the call), except for `greatest`/`least`. Timestamps are epoch ms, UTC. Semantics follow
 * DuckDB: string positions count characters (code points) from 1.
 */
const chars = (s: string): string[] => Array.from(s);

function trimSet(s: string, set: string | undefined, left: boolean, right: boolean): string {
  const cs = set === undefined ? [' '] : chars(set);
  const a = chars(s);
  let i = 0;
  let j = a.length;
  if (left) while (i < j && cs.includes(a[i]!)) i++;
  if (right) while (j > i && cs.includes(a[j - 1]!)) j--;
  return a.slice(i, j).join('');
}

function pad(s: string, n: number, fill: string, left: boolean): string {
  const a = chars(s);
  if (n <= 0) return '';
  if (a.length >= n) return a.slice(0, n).join('');
  const f = chars(fill);
  if (f.length === 0) return s;
  const padding: string[] = [];
  while (padding.length < n - a.length) padding.push(f[padding.length % f.length]!);
  return left ? padding.join('') + s : s + padding.join('');
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, flags);
    } catch (err) {
      throw new EvaluationError(`invalid regular expression '${pattern}': ${(err as Error).message}`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

const DAY = 86_400_000;

function truncate(unit: string, ts: number): number {
  const d = new Date(ts);
  switch (unit) {
    case 'millisecond':
      return ts;
    case 'second':
      return Math.floor(ts / 1000) * 1000;
    case 'minute':
      return Math.floor(ts / 60_000) * 60_000;
    case 'hour':
      return Math.floor(ts / 3_600_000) * 3_600_000;
    case 'day':
      return Math.floor(ts / DAY) * DAY;
    case 'week': {
      // ISO weeks start on Monday; 1970-01-01 was a Thursday.
      const day = Math.floor(ts / DAY);
      return (day - ((((day + 3) % 7) + 7) % 7)) * DAY;
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    default:
      throw new EvaluationError(`unknown date_trunc unit '${unit}'`);
  }
}

function isoWeek(ts: number): number {
  const monday = truncate('week', ts);
  const thursday = new Date(monday + 3 * DAY);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - jan1) / (7 * DAY)) + 1;
}

function part(unit: string, ts: number): number {
  const d = new Date(ts);
  switch (unit) {
    case 'millisecond':
      return d.getUTCSeconds() * 1000 + d.getUTCMilliseconds();
    case 'second':
      return d.getUTCSeconds();
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'dow':
      return d.getUTCDay();
    case 'isodow':
      return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    case 'doy':
      return Math.floor((truncate('day', ts) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;
    case 'week':
      return isoWeek(ts);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'year':
      return d.getUTCFullYear();
    case 'epoch':
      return ts / 1000;
    default:
      throw new EvaluationError(`unknown date_part unit '${unit}'`);
  }
}

/** DuckDB's date_diff: the number of unit boundaries crossed from a to b. */
function diff(unit: string, a: number, b: number): number {
  const months = (ts: number): number => {
    const d = new Date(ts);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  switch (unit) {
    case 'month':
      return months(b) - months(a);
    case 'quarter':
      return Math.floor(months(b) / 3) - Math.floor(months(a) / 3);
    case 'year':
      return new Date(b).getUTCFullYear() - new Date(a).getUTCFullYear();
    case 'week':
      return Math.round((truncate('week', b) - truncate('week', a)) / (7 * DAY));
    default: {
      const per: Record<string, number> = {
        millisecond: 1,
        second: 1000,
        minute: 60_000,
        hour: 3_600_000,
        day: DAY,
      };
      const p = per[unit];
      if (p === undefined) throw new EvaluationError(`unknown date_diff unit '${unit}'`);
      return Math.floor(b / p) - Math.floor(a / p);
    }
  }
}

/** Walks parsed JSON by keys (object fields) and integer indexes (arrays; negative from the end). */
function jsonAt(text: string, keys: readonly (string | number)[]): unknown {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  for (const k of keys) {
    if (typeof k === 'number' && Array.isArray(v)) v = v[k < 0 ? v.length + k : k];
    else if (typeof k === 'string' && typeof v === 'object' && v !== null && !Array.isArray(v))
      v = Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
    else return undefined;
  }
  return v;
}

/** `$.a.b[0]` → ['a', 'b', 0]. */
function jsonPath(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null;
  const keys: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\.?"((?:[^"\\]|\\.)*)"|\[(-?\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (m === null) return null;
    keys.push(m[1] ?? (m[2] !== undefined ? m[2] : Number(m[3])));
  }
  return keys;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export const lib = {
  trim: (s: string, set?: string) => trimSet(s, set, true, true),
  ltrim: (s: string, set?: string) => trimSet(s, set, true, false),
  rtrim: (s: string, set?: string) => trimSet(s, set, false, true),
  replace: (s: string, from: string, to: string) => (from === '' ? s : s.split(from).join(to)),
  starts_with: (s: string, p: string) => s.startsWith(p),
  ends_with: (s: string, p: string) => s.endsWith(p),
  strpos(s: string, sub: string): number {
    const i = s.indexOf(sub);
    return i < 0 ? 0 : chars(s.slice(0, i)).length + 1;
  },
  left(s: string, n: number): string {
    const a = chars(s);
    return (n >= 0 ? a.slice(0, n) : a.slice(0, Math.max(0, a.length + n))).join('');
  },
  right(s: string, n: number): string {
    const a = chars(s);
    return (n >= 0 ? a.slice(Math.max(0, a.length - n)) : a.slice(Math.min(a.length, -n))).join('');
  },
  lpad: (s: string, n: number, fill = ' ') => pad(s, n, fill, true),
  rpad: (s: string, n: number, fill = ' ') => pad(s, n, fill, false),
  reverse: (s: string) => chars(s).reverse().join(''),
  split_part(s: string, delim: string, index: number): string {
    const parts = delim === '' ? chars(s) : s.split(delim);
    if (index === 0) return '';
    const p = index > 0 ? parts[index - 1] : parts[parts.length + index];
    return p ?? '';
  },
  regexp_replace(s: string, pattern: string, replacement: string, options = ''): string {
    const flags = `u${options.includes('g') ? 'g' : ''}${options.includes('i') ? 'i' : ''}`;
    // RE2/DuckDB back-references are \1; JavaScript's are $1.
    const js = replacement.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
    return s.replace(regex(pattern, flags), js);
  },
  regexp_like: (s: string, pattern: string) => regex(pattern, 'u').test(s),
  split: (s: string, delim: string): string[] => (delim === '' ? chars(s) : s.split(delim)),
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt(x: number): number {
    if (x < 0) throw new EvaluationError('cannot take the square root of a negative number');
    return Math.sqrt(x);
  },
  power: (x: number, y: number) => x ** y,
  exp: Math.exp,
  ln(x: number): number {
    if (x <= 0)
      throw new EvaluationError(`cannot take the logarithm of ${x === 0 ? 'zero' : 'a negative number'}`);
    return Math.log(x);
  },
  log10(x: number): number {
    if (x <= 0)
      throw new EvaluationError(`cannot take the logarithm of ${x === 0 ? 'zero' : 'a negative number'}`);
    return Math.log10(x);
  },
  sign: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  trunc: (x: number) => Math.trunc(x),
  greatest(...xs: unknown[]): unknown {
    let best: unknown = null;
    for (const x of xs) if (x !== null && (best === null || (x as number) > (best as number))) best = x;
    return best;
  },
  least(...xs: unknown[]): unknown {
    let best: unknown = null;
    for (const x of xs) if (x !== null && (best === null || (x as number) < (best as number))) best = x;
    return best;
  },
  mod(a: number, b: number): number {
    if (b === 0) throw new EvaluationError('division by zero');
    return a % b;
  },
  date_trunc: (unit: string, ts: number) => truncate(unit, ts),
  date_part: (unit: string, ts: number) => part(unit, ts),
  date_diff: (unit: string, a: number, b: number) => diff(unit, a, b),
  to_timestamp: (seconds: number) => Math.round(seconds * 1000),
  cardinality: (a: unknown) => (Array.isArray(a) ? a.length : null),
  json_get(text: string, ...keys: (string | number)[]): string | null {
    const v = jsonAt(text, keys);
    return v === undefined || v === null ? null : JSON.stringify(v);
  },
  /** `json ->> key`: a string value as is, any other value as JSON text, NULL when absent. */
  json_as_text(text: string, ...keys: (string | number)[]): string | null {
    const v = jsonAt(text, keys);
    if (v === undefined || v === null) return null;
    return typeof v === 'string' ? v : JSON.stringify(v);
  },
  json_get_str(text: string, ...keys: (string | number)[]): string | null {
    const v = jsonAt(text, keys);
    return typeof v === 'string' ? v : null;
  },
  json_get_int(text: string, ...keys: (string | number)[]): number | null {
    const v = numberOrNull(jsonAt(text, keys));
    return v !== null && Number.isInteger(v) ? v : null;
  },
  json_get_float: (text: string, ...keys: (string | number)[]) => numberOrNull(jsonAt(text, keys)),
  json_get_bool(text: string, ...keys: (string | number)[]): boolean | null {
    const v = jsonAt(text, keys);
    return typeof v === 'boolean' ? v : null;
  },
  md5: (s: string) => digest('md5', s),
  sha224: (s: string) => digest('sha224', s),
  sha256: (s: string) => digest('sha256', s),
  sha384: (s: string) => digest('sha384', s),
  sha512: (s: string) => digest('sha512', s),
  /** Like DuckDB's json_extract_string: a string value as is, any other value as JSON text. */
  extract_json_string(text: string, path: string): string | null {
    const keys = jsonPath(path);
    if (keys === null) throw new EvaluationError(`invalid JSON path '${path}'`);
    const v = jsonAt(text, keys);
    if (v === undefined || v === null) return null;
    return typeof v === 'string' ? v : JSON.stringify(v);
  },
} as const;
