/**
 * Deterministic generator of order events as JSON lines, out of order within a bound.
 * Usage: tsx scripts/gen-orders.ts --out FILE [--count N] [--seed S] [--keys K] [--disorder-ms MS] [--bad N]
 */
import { mulberry32 } from '../test/support/seeded-random.ts';
import { runGenerator } from './generator-cli.ts';

export interface GenOptions {
  readonly count: number;
  readonly seed: number;
  /** Distinct customers. */
  readonly keys: number;
  /** Maximum event-time disorder: an event is at most this much older than the newest before it. */
  readonly disorderMs: number;
  /** Malformed lines mixed in (invalid JSON, wrong types), for dead-letter demos. */
  readonly bad: number;
  /** Mean gap between events in ms. @default 25 */
  readonly meanGapMs?: number;
  /** Share of customers renamed `aNNNN` instead of `cNNNN` (doubles the key space). @default 0.2 */
  readonly aliasShare?: number;
}

const REGIONS = ['eu', 'us', 'apac', 'latam', 'mea'];
const STATUSES = ['placed', 'placed', 'placed', 'shipped', 'cancelled'];
const BASE = Date.parse('2026-11-24T10:00:00.000Z');

export function generateOrders(opts: GenOptions): string[] {
  const rand = mulberry32(opts.seed);
  const lines: string[] = [];
  let clock = BASE;
  const badAt = new Set<number>();
  while (badAt.size < Math.min(opts.bad, opts.count)) badAt.add(Math.floor(rand() * opts.count));
  for (let i = 0; i < opts.count; i++) {
    clock += Math.floor(rand() * 2 * (opts.meanGapMs ?? 25));
    if (badAt.has(i)) {
      lines.push(
        i % 2 === 0
          ? `{"order_id": ${i + 1}, "customer": "broken`
          : `{"order_id": "x${i}", "amount": "lots"}`,
      );
      continue;
    }
    const ts = clock - Math.floor(rand() * opts.disorderMs);
    const customer = `c${String(Math.floor(rand() * opts.keys)).padStart(4, '0')}`;
    const amount = rand() < 0.03 ? null : Math.round((1 + rand() * 499) * 100) / 100;
    lines.push(
      JSON.stringify({
        order_id: i + 1,
        customer: rand() < (opts.aliasShare ?? 0.2) ? customer.replace('c', 'a') : customer,
        region: REGIONS[Math.floor(rand() * REGIONS.length)],
        amount,
        status: STATUSES[Math.floor(rand() * STATUSES.length)],
        ts: new Date(ts).toISOString(),
      }),
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`)
  runGenerator({ count: '5000', seed: '1', keys: '400', 'disorder-ms': '4000', bad: '0' }, (v) =>
    generateOrders({
      count: Number(v.count),
      seed: Number(v.seed),
      keys: Number(v.keys),
      disorderMs: Number(v['disorder-ms']),
      bad: Number(v.bad),
    }),
  );
