/**
 * Deterministic generator of the SQL-breadth golden input (test/queries/inputs/events.jsonl): user
 * events with a tags array, a JSON payload held as text, and event times that are out of order
 * within a bound and pairwise DISTINCT (so first_value/last_value/array_agg, which order by event
 * time, have no ties to break).
 * Usage: tsx scripts/gen-events.ts --out FILE [--count N] [--seed S] [--users U] [--disorder-ms MS]
 */
import { mulberry32 } from '../test/support/seeded-random.ts';
import { runGenerator } from './generator-cli.ts';

export interface EventGenOptions {
  readonly count: number;
  readonly seed: number;
  readonly users: number;
  readonly disorderMs: number;
  /** Mean gap between events in ms. @default 25 */
  readonly meanGapMs?: number;
}

const KINDS = ['view', 'view', 'click', 'cart', 'buy'];
const TAGS = ['red', 'green', 'blue', 'sale', 'new', '  Mixed Case  '];
const DEVICES = ['ios', 'android', 'web'];
const BASE = Date.parse('2026-11-24T10:00:00.000Z');

export function generateEvents(opts: EventGenOptions): string[] {
  const rand = mulberry32(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const used = new Set<number>();
  const lines: string[] = [];
  let clock = BASE;
  for (let i = 0; i < opts.count; i++) {
    clock += Math.floor(rand() * 2 * (opts.meanGapMs ?? 25));
    let ts = clock - Math.floor(rand() * opts.disorderMs);
    while (used.has(ts)) ts++;
    used.add(ts);
    const tags = Array.from({ length: Math.floor(rand() * 4) }, () => pick(TAGS));
    const payload: Record<string, unknown> = { device: pick(DEVICES), n: Math.floor(rand() * 10) };
    if (rand() < 0.7) payload.geo = { lat: Math.round(rand() * 9000) / 100, ok: rand() < 0.5 };
    lines.push(
      JSON.stringify({
        id: i + 1,
        uid: `u${String(Math.floor(rand() * opts.users)).padStart(3, '0')}`,
        kind: pick(KINDS),
        amount: Math.floor(rand() * 1000) - 100,
        score: rand() < 0.05 ? null : Math.round(rand() * 10_000) / 100,
        flag: rand() < 0.8,
        tags: rand() < 0.05 ? null : tags,
        payload: rand() < 0.03 ? null : JSON.stringify(payload),
        ts: new Date(ts).toISOString(),
      }),
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`)
  runGenerator({ count: '6000', seed: '5', users: '300', 'disorder-ms': '3000' }, (v) =>
    generateEvents({
      count: Number(v.count),
      seed: Number(v.seed),
      users: Number(v.users),
      disorderMs: Number(v['disorder-ms']),
    }),
  );
