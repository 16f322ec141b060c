/**
 * (a) In-process operator throughput on one core: sluice's compiled operator chain against a
 * hand-written JS loop computing the same result from the same rows.
 */
import { compile } from '../compiler/index.ts';
import type { StageSpec } from '../compiler/spec/index.ts';
import { createOperatorChain } from '../functions/operators/operator-chain.ts';
import { generateOrders } from '../scripts/gen-orders.ts';

type Order = {
  order_id: number;
  customer: string;
  region: string;
  amount: number | null;
  status: string;
  ts: number;
};

export interface InProcessResult {
  readonly name: string;
  readonly events: number;
  readonly sluiceEventsPerSec: number;
  readonly handEventsPerSec: number;
  readonly ratio: number;
  readonly outputs: number;
}

const SOURCE = `CREATE TABLE orders (order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'single_file', path = 'x.jsonl', format = 'json', type = 'source');
CREATE TABLE out WITH (connector = 'single_file', path = 'y.jsonl', format = 'json', type = 'sink');`;

const FILTER_SQL = `${SOURCE}
INSERT INTO out SELECT order_id, upper(customer) AS customer, region, round(amount * 1.2, 2) AS gross
FROM orders WHERE region IN ('eu', 'us') AND amount > 250 AND status <> 'cancelled';`;

const TUMBLE_SQL = `${SOURCE}
INSERT INTO out SELECT window.start AS ws, customer, count(*) AS n, sum(amount) AS total, min(amount) AS lo, max(amount) AS hi
FROM orders GROUP BY tumble(interval '1 minute') AS window, customer;`;

function rows(count: number): Order[] {
  return generateOrders({ count, seed: 3, keys: 40, disorderMs: 4000, bad: 0, aliasShare: 0 }).map((l) => {
    const o = JSON.parse(l) as Omit<Order, 'ts'> & { ts: string };
    return { ...o, ts: Date.parse(o.ts) };
  });
}

function stage(sql: string, index: number): StageSpec {
  const s = compile(sql, { name: 'bench', baseDir: '/tmp' }).stages[index];
  if (!s) throw new Error('no such stage');
  return s;
}

/** Best of `runs` timings of fn, in events/s. */
function measure(events: number, runs: number, fn: () => number): { perSec: number; outputs: number } {
  let best = Number.POSITIVE_INFINITY;
  let outputs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    outputs = fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    best = Math.min(best, ms);
  }
  return { perSec: Math.round(events / (best / 1000)), outputs };
}

export function filterProject(events = 1_000_000, runs = 5): InProcessResult {
  const input = rows(events);
  const s1 = stage(FILTER_SQL, 0);
  const sluice = measure(events, runs, () => {
    let n = 0;
    const chain = createOperatorChain(s1, { emit: () => n++ });
    for (const r of input) chain.push(r, r.ts);
    return n;
  });
  const hand = measure(events, runs, () => {
    const out: unknown[] = [];
    for (const r of input) {
      if (
        (r.region === 'eu' || r.region === 'us') &&
        r.amount !== null &&
        r.amount > 250 &&
        r.status !== 'cancelled'
      ) {
        out.push({
          order_id: r.order_id,
          customer: r.customer.toUpperCase(),
          region: r.region,
          gross: Math.round(r.amount * 1.2 * 100) / 100,
        });
      }
    }
    return out.length;
  });
  if (sluice.outputs !== hand.outputs)
    throw new Error(`filter: sluice ${sluice.outputs} rows, hand ${hand.outputs}`);
  return result('filter/project', events, sluice, hand);
}

export function tumblingAggregate(events = 1_000_000, runs = 5): InProcessResult {
  const input = rows(events);
  const s1 = stage(TUMBLE_SQL, 0);
  const s2 = stage(TUMBLE_SQL, 1);
  // Rows as the aggregate stage receives them: after s1's projection, already shuffled.
  const shuffled: { row: Record<string, unknown>; t: number }[] = [];
  const pre = createOperatorChain(s1, { emit: (row, t) => shuffled.push({ row, t }) });
  for (const r of input) pre.push(r, r.ts);
  const sluice = measure(events, runs, () => {
    let n = 0;
    const chain = createOperatorChain(s2, { emit: () => n++ });
    let maxT = 0;
    for (let i = 0; i < shuffled.length; i++) {
      const e = shuffled[i]!;
      chain.push(e.row, e.t);
      if (e.t > maxT) maxT = e.t;
      if ((i & 1023) === 0) chain.advanceWatermark(maxT - 5000);
    }
    chain.advanceWatermark(8.64e15);
    return n;
  });
  const hand = measure(events, runs, () => {
    type Acc = { n: number; sum: number; cnt: number; lo: number; hi: number };
    const windows = new Map<number, Map<string, Acc>>();
    const out: unknown[] = [];
    let maxT = 0;
    const fire = (wm: number) => {
      for (const [start, keys] of windows) {
        if (start + 60_000 > wm) continue;
        for (const [customer, a] of keys) {
          out.push({ ws: start, customer, n: a.n, total: a.cnt ? a.sum : null, lo: a.lo, hi: a.hi });
        }
        windows.delete(start);
      }
    };
    for (let i = 0; i < input.length; i++) {
      const r = input[i]!;
      const start = r.ts - (r.ts % 60_000);
      let keys = windows.get(start);
      if (!keys) {
        keys = new Map();
        windows.set(start, keys);
      }
      let a = keys.get(r.customer);
      if (!a) {
        a = { n: 0, sum: 0, cnt: 0, lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY };
        keys.set(r.customer, a);
      }
      a.n++;
      if (r.amount !== null) {
        a.sum += r.amount;
        a.cnt++;
        if (r.amount < a.lo) a.lo = r.amount;
        if (r.amount > a.hi) a.hi = r.amount;
      }
      if (r.ts > maxT) maxT = r.ts;
      if ((i & 1023) === 0) fire(maxT - 5000);
    }
    fire(8.64e15);
    return out.length;
  });
  if (sluice.outputs !== hand.outputs)
    throw new Error(`tumble: sluice ${sluice.outputs} rows, hand ${hand.outputs}`);
  return result('tumbling aggregate (40 keys, 1 min)', events, sluice, hand);
}

function result(
  name: string,
  events: number,
  sluice: { perSec: number; outputs: number },
  hand: { perSec: number },
): InProcessResult {
  return {
    name,
    events,
    sluiceEventsPerSec: sluice.perSec,
    handEventsPerSec: hand.perSec,
    ratio: Math.round((sluice.perSec / hand.perSec) * 100) / 100,
    outputs: sluice.outputs,
  };
}
