import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../support/seeded-random.ts';

/**
 * Seeded SQL mutations for the front-end fuzz suite (test/fuzz/sql-fuzz.test.ts): the project's
 * own SQL (examples/, test/queries/, test/compiler/) with tokens deleted, swapped, duplicated or
 * replaced, truncated, spliced with other files, sprinkled with junk bytes and awkward Unicode,
 * and blown up into huge or deeply nested expressions. Variant i depends only on (seed, i).
 */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface SeedFile {
  /** Path relative to the repository root. */
  readonly file: string;
  /** Its directory, absolute: relative `path` options resolve against it. */
  readonly dir: string;
  readonly sql: string;
}

export interface Variant {
  readonly index: number;
  readonly seed: SeedFile;
  /** The mutations applied, in order, for the report. */
  readonly ops: readonly string[];
  readonly sql: string;
}

function sqlFiles(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && recursive && e.name !== 'node_modules' && e.name !== 'out')
      out.push(...sqlFiles(p, true));
    else if (e.isFile() && e.name.endsWith('.sql') && !e.name.endsWith('.oracle.sql')) out.push(p);
  }
  return out.sort();
}

/** Every SQL file sluice itself compiles (DuckDB oracle files are not sluice SQL). */
export function loadSeeds(): SeedFile[] {
  const files = [
    ...sqlFiles(join(repoRoot, 'examples'), true),
    ...sqlFiles(join(repoRoot, 'test/queries'), false),
    ...sqlFiles(join(repoRoot, 'test/compiler'), false),
  ];
  return files.map((f) => ({ file: relative(repoRoot, f), dir: dirname(f), sql: readFileSync(f, 'utf8') }));
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

/** Rough SQL tokens, whitespace and comments kept so that joining them gives the text back. */
const TOKEN_RE =
  /'(?:[^']|'')*'?|"[^"]*"?|--[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?|\s+|[\s\S]/gi;
const tokenize = (sql: string): string[] => sql.match(TOKEN_RE) ?? [];
const isBlank = (t: string): boolean => /^\s*$/.test(t) || t.startsWith('--') || t.startsWith('/*');

const UNICODE = [
  '\u0000', // NUL
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  '\u200F', // RIGHT-TO-LEFT MARK
  '\u202E', // RIGHT-TO-LEFT OVERRIDE
  '\u200B', // ZERO WIDTH SPACE
  '\uFEFF', // BOM in the middle
  '\u00A0', // NO-BREAK SPACE
  '\u2028', // LINE SEPARATOR
  '\r',
  '\t',
  '\u0301', // combining acute accent
  '😀',
  '👩‍👩‍👧',
  'ｓｅｌｅｃｔ',
  'é',
  'ß',
  '\u0007',
  '\u001B[31m',
  '\\',
  '`',
  '$$',
  "'",
  '"',
  '(',
  ')',
  ';',
];
const NUMBERS = [
  '1e999',
  '-1e999',
  '1e-999',
  '9223372036854775808',
  '9007199254740993',
  '0x1F',
  '1.',
  '.5e3',
  '00',
  '1e308',
  '4.9e-324',
  'NaN',
];
const WRAPS: readonly ((e: string, n: number) => string)[] = [
  (e, n) => `${'('.repeat(n)}${e}${')'.repeat(n)}`,
  (e, n) => `${'abs('.repeat(n)}${e}${')'.repeat(n)}`,
  (e, n) => `${'CAST('.repeat(n)}${e}${' AS BIGINT)'.repeat(n)}`,
  (e, n) => `${'POSITION('.repeat(n)}${e}${" IN 'x')".repeat(n)}`,
  (e, n) => `${'CASE WHEN TRUE THEN '.repeat(n)}${e}${' END'.repeat(n)}`,
  (e, n) => `${'(SELECT '.repeat(n)}${e}${')'.repeat(n)}`,
  (e, n) => `${'NOT '.repeat(n)}${e}`,
  (e, n) => `${'- '.repeat(n)}${e}`,
  (e, n) => `${'['.repeat(n)}${e}${']'.repeat(n)}`,
];

/** A token index that is not whitespace or a comment, or -1. */
function someToken(r: Rand, toks: readonly string[]): number {
  for (let k = 0; k < 8; k++) {
    const i = int(r, toks.length);
    if (!isBlank(toks[i] ?? ' ')) return i;
  }
  return toks.length === 0 ? -1 : int(r, toks.length);
}

type Mutation = (r: Rand, sql: string, seeds: readonly SeedFile[]) => [string, string];

const MUTATIONS: readonly Mutation[] = [
  (r, sql) => {
    const t = tokenize(sql);
    const i = someToken(r, t);
    const gone = t.splice(i, 1);
    return [`delete ${JSON.stringify(gone[0])}`, t.join('')];
  },
  (r, sql) => {
    const t = tokenize(sql);
    const i = someToken(r, t);
    const j = r() < 0.5 ? Math.min(t.length - 1, i + 2) : someToken(r, t);
    const a = t[i] ?? '';
    t[i] = t[j] ?? '';
    t[j] = a;
    return [`swap ${i} ${j}`, t.join('')];
  },
  (r, sql) => {
    const t = tokenize(sql);
    const i = someToken(r, t);
    t.splice(i, 0, t[i] ?? '', ' ');
    return [`duplicate ${JSON.stringify(t[i])}`, t.join('')];
  },
  (r, sql, seeds) => {
    const t = tokenize(sql);
    const other = tokenize(pick(r, seeds).sql).filter((x) => !isBlank(x));
    const i = someToken(r, t);
    t[i] = pick(r, other.length > 0 ? other : ['x']);
    return [`replace ${i} with ${JSON.stringify(t[i])}`, t.join('')];
  },
  (r, sql) => {
    const at = int(r, sql.length + 1);
    return [`truncate ${at}`, sql.slice(0, at)];
  },
  (r, sql) => {
    let s = sql;
    const n = 1 + int(r, 4);
    for (let k = 0; k < n; k++) {
      const at = int(r, s.length + 1);
      const junk = String.fromCharCode(int(r, 0x10000));
      s = s.slice(0, at) + junk + s.slice(at);
    }
    return [`junk x${n}`, s];
  },
  (r, sql) => {
    const at = int(r, sql.length + 1);
    const u = pick(r, UNICODE);
    return [`unicode ${JSON.stringify(u)} at ${at}`, sql.slice(0, at) + u + sql.slice(at)];
  },
  (r, sql) => {
    const t = tokenize(sql);
    const i = someToken(r, t);
    t[i] = pick(r, NUMBERS);
    return [`number ${t[i]} at ${i}`, t.join('')];
  },
  (r, sql) => {
    const t = tokenize(sql);
    const i = someToken(r, t);
    const n = pick(r, [50, 300, 600, 900, 3000]);
    const op = pick(r, [' + ', ' AND ', ' OR ', ' || ', ' * ']);
    t[i] = Array.from({ length: n }, () => t[i]).join(op);
    return [`chain ${n}x${op.trim()} at ${i}`, t.join('')];
  },
  (r, sql) => {
    const t = tokenize(sql);
    const i = someToken(r, t);
    const n = pick(r, [5, 9, 12, 20, 33, 60, 500, 2000]);
    const w = int(r, WRAPS.length);
    t[i] = (WRAPS[w] as (e: string, n: number) => string)(t[i] ?? 'x', n);
    return [`nest ${n} (wrap ${w}) at ${i}`, t.join('')];
  },
  (r, sql, seeds) => {
    const other = pick(r, seeds).sql;
    const a = int(r, sql.length + 1);
    const b = int(r, other.length + 1);
    return [`splice at ${a} from ${b}`, sql.slice(0, a) + other.slice(b, b + 1 + int(r, 400)) + sql.slice(a)];
  },
  (r, sql) => {
    // twice, 30 times, or just past the 1,000,000-character limit
    const n = pick(r, [2, 30, Math.ceil(1_000_001 / Math.max(1, sql.length))]);
    return [`repeat whole x${n}`, Array.from({ length: n }, () => sql).join('\n')];
  },
];

/** Variant `index` of the run seeded by `seed`: 1–3 mutations of one seed file. */
export function variant(seeds: readonly SeedFile[], seed: number, index: number): Variant {
  const r = mulberry32(seed * 1_000_003 + index);
  const base = pick(r, seeds);
  let sql = base.sql;
  const ops: string[] = [];
  const n = 1 + int(r, 3);
  for (let k = 0; k < n; k++) {
    const [op, next] = pick(r, MUTATIONS)(r, sql, seeds);
    ops.push(op);
    sql = next;
  }
  return { index, seed: base, ops, sql };
}
