import { chaosInt, chaosUnit } from '../../functions/chaos/chaos-rng.ts';
import type { Row } from './normalize.ts';

/**
 * Tiny seeded inputs and queries for the randomized chaos property test, each with an oracle in
 * plain JS. Event times are out of order by less than the 5 s watermark delay, so no row is late
 * and the oracle need not model lateness.
 */
export interface Order {
  readonly order_id: number;
  readonly customer: string;
  readonly region: string;
  readonly amount: number;
  readonly ts: string;
}

const BASE = Date.parse('2026-11-24T10:00:00.000Z');
const REGIONS = ['eu', 'us', 'apac'] as const;

export function genOrders(seed: number, n: number): Order[] {
  return Array.from({ length: n }, (_, i) => {
    const jitter = Math.round((chaosUnit(seed, 'jitter', i) - 0.5) * 3000);
    return {
      order_id: i + 1,
      customer: `c${chaosInt(seed, 0, 4, 'customer', i)}`,
      region: REGIONS[chaosInt(seed, 0, 2, 'region', i)]!,
      amount: chaosInt(seed, 100, 50_000, 'amount', i) / 100,
      ts: new Date(BASE + i * 700 + jitter).toISOString(),
    };
  });
}

const SOURCE = `CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'orders.jsonl', format = 'json', type = 'source');
CREATE TABLE results WITH (connector = 'single_file', path = 'results.jsonl', format = 'json', type = 'sink');
`;

export interface ChaosQuery {
  readonly name: string;
  readonly sql: string;
  readonly oracle: (orders: readonly Order[]) => Row[];
}

const bucket = (ts: string, ms: number) => new Date(Math.floor(Date.parse(ts) / ms) * ms).toISOString();

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    out.set(k, [...(out.get(k) ?? []), it]);
  }
  return out;
}

export const CHAOS_QUERIES: readonly ChaosQuery[] = [
  {
    name: 'filter',
    sql: `${SOURCE}INSERT INTO results
SELECT order_id, upper(customer) AS cust, amount * 2 AS doubled FROM orders WHERE amount > 100;`,
    oracle: (orders) =>
      orders
        .filter((o) => o.amount > 100)
        .map((o) => ({ order_id: o.order_id, cust: o.customer.toUpperCase(), doubled: o.amount * 2 })),
  },
  {
    name: 'tumble-customer',
    sql: `${SOURCE}INSERT INTO results
SELECT window.start AS window_start, customer, count(*) AS n, sum(amount) AS total
FROM orders GROUP BY tumble(interval '10 seconds') AS window, customer;`,
    oracle: (orders) =>
      [...groupBy(orders, (o) => `${bucket(o.ts, 10_000)}|${o.customer}`).values()].map((g) => ({
        window_start: bucket(g[0]!.ts, 10_000),
        customer: g[0]!.customer,
        n: g.length,
        total: g.reduce((a, o) => a + o.amount, 0),
      })),
  },
  {
    name: 'tumble-region',
    sql: `${SOURCE}INSERT INTO results
SELECT window.start AS window_start, region, count(*) AS n, max(amount) AS biggest
FROM orders WHERE amount > 50 GROUP BY tumble(interval '20 seconds') AS window, region;`,
    oracle: (orders) =>
      [
        ...groupBy(
          orders.filter((o) => o.amount > 50),
          (o) => `${bucket(o.ts, 20_000)}|${o.region}`,
        ).values(),
      ].map((g) => ({
        window_start: bucket(g[0]!.ts, 20_000),
        region: g[0]!.region,
        n: g.length,
        biggest: Math.max(...g.map((o) => o.amount)),
      })),
  },
];

export interface Schedule {
  readonly seed: number;
  readonly query: ChaosQuery;
  readonly parallelism: number;
  readonly orders: Order[];
}

/** Schedule `i` of a run: its seed, query, parallelism (1–3) and input (24–60 orders). */
export function schedule(i: number, base = 1000): Schedule {
  const seed = base + i;
  return {
    seed,
    query: CHAOS_QUERIES[i % CHAOS_QUERIES.length]!,
    parallelism: chaosInt(seed, 1, 3, 'parallelism'),
    orders: genOrders(seed, chaosInt(seed, 24, 60, 'rows')),
  };
}
