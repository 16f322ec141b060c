/**
 * (b) Throughput end to end on the embedded local stack, through the real `sluice run`, and
 * (c) cost units per 1,000 input events from the run's committed stats.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateOrders } from '../scripts/gen-orders.ts';
import { sluiceRun } from './sluice-run.ts';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench/out');

export interface EndToEndResult {
  readonly name: string;
  readonly events: number;
  readonly parallelism: number;
  readonly runningMs: number;
  readonly eventsPerSec: number;
  readonly peakRssBytes: number;
  readonly perThousand: { dynamoWriteUnits: number; kinesisPutUnits: number; invocations: number };
  readonly outputRows: number;
}

const TABLE = (
  path: string,
) => `CREATE TABLE orders (order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'single_file', path = '${path}', format = 'json', type = 'source');`;

export const E2E_QUERIES: Record<string, (input: string, out: string) => string> = {
  'filter/project': (input, out) => `${TABLE(input)}
CREATE TABLE out WITH (connector = 'single_file', path = '${out}', format = 'json', type = 'sink');
INSERT INTO out SELECT order_id, upper(customer) AS customer, region, round(amount * 1.2, 2) AS gross
FROM orders WHERE region IN ('eu', 'us') AND amount > 250 AND status <> 'cancelled';`,
  'tumbling aggregate (40 keys)': (input, out) => `${TABLE(input)}
CREATE TABLE out WITH (connector = 'single_file', path = '${out}', format = 'json', type = 'sink');
INSERT INTO out SELECT window.start AS ws, customer, count(*) AS n, sum(amount) AS total, max(amount) AS hi
FROM orders GROUP BY tumble(interval '1 minute') AS window, customer;`,
};

export async function endToEnd(name: string, events: number, parallelism: number): Promise<EndToEndResult> {
  await mkdir(outDir, { recursive: true });
  const input = join(outDir, `orders-${events}.jsonl`);
  const lines = generateOrders({
    count: events,
    seed: 5,
    keys: 40,
    disorderMs: 4000,
    bad: 0,
    aliasShare: 0,
    meanGapMs: 5,
  });
  await writeFile(input, `${lines.join('\n')}\n`);
  const slug = name.replace(/[^a-z]+/g, '-').replace(/-+$/, '');
  const sqlFile = join(outDir, `${slug}.sql`);
  const query = E2E_QUERIES[name];
  if (!query) throw new Error(`unknown query ${name}`);
  await writeFile(sqlFile, query(input, join(outDir, `${slug}.out.jsonl`)));

  const { summary: s, peakRssBytes } = await sluiceRun(sqlFile, parallelism, { sampleMemory: true });
  const per = (n: number) => Math.round((n / s.ingested) * 1000 * 100) / 100;
  return {
    name,
    events: s.ingested,
    parallelism,
    runningMs: s.runningMs,
    eventsPerSec: Math.round(s.ingested / (s.runningMs / 1000)),
    peakRssBytes,
    perThousand: {
      dynamoWriteUnits: per(s.cost.dynamoWriteUnits),
      kinesisPutUnits: per(s.cost.kinesisPutUnits),
      invocations: per(s.cost.invocations),
    },
    outputRows: s.sinks[0]?.rows ?? 0,
  };
}
