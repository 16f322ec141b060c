/**
 * Deterministic generator of Debezium change documents (`{before, after, op, source}`) as JSON
 * lines, for the debezium_json source's golden test: creates, snapshot reads, updates (some moving
 * a row to another product) and deletes of rows keyed by id, plus `--bad` malformed changes (an
 * unknown op, an update without before, a delete without before) that must be dead-lettered.
 * `source.lsn` numbers the changes, so the DuckDB oracle can take the last change per id.
 * Usage: tsx scripts/gen-changes.ts --out FILE [--count N] [--seed S] [--keys K] [--bad N]
 */
import { mulberry32 } from '../test/support/seeded-random.ts';
import { runGenerator } from './generator-cli.ts';

interface Order {
  id: number;
  customer: string;
  product: string;
  quantity: number;
  price: number;
  order_date: number;
}

const PRODUCTS = ['Laptop', 'Mouse', 'Monitor', 'Keyboard'];

export function generateChanges(count: number, seed: number, keys: number, bad: number): string[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const live = new Map<number, Order>();
  const lines: string[] = [];
  const badAt = new Map(
    Array.from({ length: bad }, (_, i) => [Math.floor(((i + 1) * count) / (bad + 1)), i % 3]),
  );
  const fresh = (id: number, lsn: number): Order => ({
    id,
    customer: `c${Math.floor(r() * 40)}`,
    product: pick(PRODUCTS),
    quantity: 1 + Math.floor(r() * 9),
    price: Math.round(r() * 100000) / 100,
    // Epoch nanoseconds, as Arroyo reads a number in a TIMESTAMP column of a Debezium document.
    order_date: (1_734_539_354_000 + lsn * 1000) * 1_000_000,
  });
  for (let lsn = 1; lsn <= count; lsn++) {
    const source = { connector: 'postgresql', table: 'orders', lsn };
    const kind = badAt.get(lsn);
    if (kind !== undefined) {
      const row = fresh(1, lsn);
      lines.push(
        JSON.stringify(
          kind === 0
            ? { before: null, after: row, op: 'x', source }
            : kind === 1
              ? { before: null, after: row, op: 'u', source }
              : { before: null, after: row, op: 'd', source },
        ),
      );
      continue;
    }
    const id = 1 + Math.floor(r() * keys);
    const old = live.get(id);
    if (old === undefined) {
      const row = fresh(id, lsn);
      live.set(id, row);
      lines.push(JSON.stringify({ before: null, after: row, op: r() < 0.2 ? 'r' : 'c', source }));
    } else if (r() < 0.2) {
      live.delete(id);
      lines.push(JSON.stringify({ before: old, after: null, op: 'd', source }));
    } else {
      const row = {
        ...old,
        quantity: 1 + Math.floor(r() * 9),
        product: r() < 0.3 ? pick(PRODUCTS) : old.product,
      };
      live.set(id, row);
      lines.push(JSON.stringify({ before: old, after: row, op: 'u', source }));
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`)
  runGenerator(
    { count: '3000', seed: '12', keys: '300', bad: '3' },
    (v) => generateChanges(Number(v.count), Number(v.seed), Number(v.keys), Number(v.bad)),
    false,
  );
