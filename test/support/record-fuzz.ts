import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonLines } from './golden-run.ts';
import { normalizeRows } from './normalize.ts';
import { runOracle } from './oracle.ts';
import { repoRoot, runSluice } from './run-sluice.ts';
import { mulberry32 } from './seeded-random.ts';

/**
 * Record fuzzing (I8: no record can stall a shard): bad records of every kind mixed into the golden
 * orders, run by `sluice run` through a tumbling-window query, each of which must be dead-lettered
 * while the sink equals DuckDB's answer over the good lines (tumble_region.oracle.sql).
 */
export type BadKind =
  | 'truncated'
  | 'wrong-type'
  | 'deep'
  | 'huge-value'
  | 'not-object'
  | 'missing-time'
  | 'oversized'
  | 'eval-throw';

export interface FuzzedInput {
  readonly lines: readonly string[];
  /** 1-based line numbers of the bad records, ascending, with their kind. */
  readonly bad: readonly { readonly line: number; readonly kind: BadKind }[];
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const WRONG: readonly (readonly [string, string])[] = [
  ['order_id', '"x12"'],
  ['order_id', '1.5'],
  ['order_id', 'true'],
  ['order_id', '{"a":1}'],
  ['amount', '"12.5"'],
  ['amount', '[1]'],
  ['ts', 'true'],
  ['ts', '"not a time"'],
  ['ts', '{}'],
  ['region', '5'],
  ['status', '[]'],
  ['customer', '7'],
];
/** Kinds drawn at random; one oversized line is added to any slice of 10 or more. */
const DRAWN: readonly BadKind[] = [
  'truncated',
  'wrong-type',
  'deep',
  'huge-value',
  'not-object',
  'missing-time',
  'eval-throw',
];

/** Sets field `k` of a good order line to the raw JSON text `v` (the line is an object). */
const withField = (line: string, k: string, v: string): string => {
  const o = JSON.parse(line) as Record<string, unknown>;
  o[k] = '__FUZZ__';
  return JSON.stringify(o).replace('"__FUZZ__"', v);
};

/** One bad line of `kind`, built from the good line `base`. */
export function badRecord(kind: BadKind, base: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  switch (kind) {
    case 'truncated':
      return base.slice(0, 1 + Math.floor(r() * (base.length - 1)));
    case 'wrong-type': {
      const [k, v] = pick(WRONG);
      return withField(base, k, v);
    }
    case 'deep':
      return withField(base, pick(['order_id', 'amount', 'customer']), deep(1000 + Math.floor(r() * 19_000)));
    case 'huge-value':
      return withField(base, 'order_id', JSON.stringify('7'.repeat(100_000 + Math.floor(r() * 500_000))));
    case 'not-object':
      return pick(['[1,2,3]', '42', '"order"', 'null', 'true']);
    case 'missing-time': {
      const o = JSON.parse(base) as Record<string, unknown>;
      delete o.ts;
      return JSON.stringify(o);
    }
    case 'oversized':
      return withField(base, 'customer', JSON.stringify('x'.repeat(1_100_000 + Math.floor(r() * 200_000))));
    case 'eval-throw':
      // json_get(customer, 'x') re-serializes the nested value: JSON.stringify throws a RangeError
      return withField(
        withField(base, 'status', '"placed"'),
        'customer',
        JSON.stringify(`{"x":${deep(50_000)}}`),
      );
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

/** `count` bad records (seeded) inserted among the good lines at random places. */
export function fuzzRecords(good: readonly string[], count: number, seed: number): FuzzedInput {
  const r = mulberry32(seed);
  const kinds: BadKind[] = Array.from({ length: count }, () => DRAWN[Math.floor(r() * DRAWN.length)]!);
  if (count >= 10) kinds[Math.floor(r() * count)] = 'oversized';
  const at = kinds.map(() => Math.floor(r() * (good.length + 1))).sort((a, b) => a - b);
  const lines: string[] = [];
  const bad: { line: number; kind: BadKind }[] = [];
  let k = 0;
  for (let i = 0; i <= good.length; i++) {
    while (k < kinds.length && at[k] === i) {
      lines.push(badRecord(kinds[k]!, good[Math.min(i, good.length - 1)]!, r));
      bad.push({ line: lines.length, kind: kinds[k]! });
      k++;
    }
    if (i < good.length) lines.push(good[i]!);
  }
  return { lines, bad };
}

/** The golden query over `input`, with a WHERE that evaluates json_get on every row. */
const querySql = (input: string, output: string) => `
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = '${input}', format = 'json', type = 'source', bad_data = 'drop');

CREATE TABLE tumble_region WITH (connector = 'single_file', path = '${output}', format = 'json', type = 'sink');

INSERT INTO tumble_region
SELECT window.start AS window_start, window.end AS window_end, region,
  count(*) AS orders, count(amount) AS priced, sum(amount) AS revenue, avg(amount) AS avg_amount,
  min(amount) AS min_amount, max(amount) AS max_amount
FROM orders
WHERE status <> 'cancelled' AND json_get(customer, 'x') IS NULL
GROUP BY tumble(interval '1 minute') AS window, region;
`;

export interface PoisonRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly summary: {
    ingested: number;
    deadLettered: number;
    deadLetters: { stage: string; reason: string; position: string }[];
  };
  /** The sink's rows and DuckDB's over the good lines, both normalized. */
  readonly rows: unknown[];
  readonly oracle: unknown[];
  /** The path the pipeline read (dead-letter positions are `<input>:<line>`). */
  readonly input: string;
}

/** The first `n` golden orders. */
export async function goldenOrders(n: number): Promise<string[]> {
  return (await readFile(join(repoRoot, 'test/queries/inputs/orders.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, n);
}

/** Runs the query over `lines` in `dir` with `sluice run`; DuckDB reads `good` only. */
export async function runPoisoned(
  dir: string,
  lines: readonly string[],
  good: readonly string[],
): Promise<PoisonRun> {
  const input = join(dir, 'poisoned.jsonl');
  await writeFile(input, `${lines.join('\n')}\n`);
  await mkdir(join(dir, 'inputs'), { recursive: true });
  await writeFile(join(dir, 'inputs/orders.jsonl'), `${good.join('\n')}\n`);
  const sqlFile = join(dir, 'poison.sql');
  const out = join(dir, 'out.jsonl');
  await writeFile(sqlFile, querySql(input, out));
  const result = await runSluice(['run', sqlFile, '--json', '--port', '0']);
  const last = result.code === 0 ? result.stdout.trim().split('\n').at(-1) : undefined;
  const summary = JSON.parse(last || '{}') as PoisonRun['summary'];
  const oracle = normalizeRows(await runOracle(join(repoRoot, 'test/queries/tumble_region.oracle.sql'), dir));
  const rows = result.code === 0 ? normalizeRows(await readJsonLines(out)) : [];
  return { code: result.code, stderr: result.stderr, summary, rows, oracle, input };
}
