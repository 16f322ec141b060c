/**
 * `npm run bench:cost`: the steady-rate cost benchmark (issue 14). A paced Nexmark source at 100,
 * 1,000 and 10,000 events/s through a filter, a tumbling aggregate with many keys and a join, at
 * parallelism 2, through the real `sluice run --json`. It reads the units the local stack metered
 * (DynamoDB write and read units as DynamoDB Local reports them, Lambda requests and GB-seconds)
 * and the Kinesis PUT units the stages committed, projects $/month at us-east-1 list prices, and
 * prints them next to Managed Flink's minimum and naive Lambda (one DynamoDB write per event).
 * Writes bench/steady-cost.json: the recorded figures the cost model's calibration test reads
 * (test/unit/infra/cost-calibration.test.ts). `--quick` shortens the points to 10 s (5 s at 10,000/s).
 *
 * Prices (us-east-1, on-demand), as of 2026-12:
 * - DynamoDB on demand: $0.625 per million write request units, $0.125 per million read request
 *   units (https://aws.amazon.com/dynamodb/pricing/on-demand/, after the November 2024 cut).
 * - Kinesis Data Streams provisioned: $0.015 per shard-hour, $0.014 per million 25 KB PUT payload
 *   units (https://aws.amazon.com/kinesis/data-streams/pricing/).
 * - Lambda arm64: $0.20 per million requests, $0.0000133334 per GB-second
 *   (https://aws.amazon.com/lambda/pricing/).
 * - Managed Service for Apache Flink: $0.11 per KPU-hour, one extra KPU per application for
 *   orchestration, $0.10 per GB-month of running application storage, 50 GB per KPU
 *   (https://aws.amazon.com/managed-service-apache-flink/pricing/,
 *   https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html). The minimum, 1 KPU:
 *   2 × 730 h × $0.11 + 50 GB × $0.10 = $165.60 a month.
 * The same list prices are cli/cost-estimate.ts's PRICES (imported here).
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { HOURS_PER_MONTH, PRICES } from '../cli/cost-estimate.ts';
import { compile } from '../compiler/index.ts';
import { STEADY_LABELS, STEADY_QUERIES, type SteadyQuery, steadySql } from './steady-cost-queries.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench/out');
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const FLINK_MINIMUM_USD = 2 * HOURS_PER_MONTH * 0.11 + 50 * 0.1;
const PARALLELISM = 2;

/** One benchmark point as recorded in bench/steady-cost.json. */
export interface SteadyPoint {
  readonly query: SteadyQuery;
  readonly rate: number;
  readonly seconds: number;
  readonly parallelism: number;
  readonly events: number;
  /** Ingest start to the last sink commit (the pipeline may lag the pace on a busy machine). */
  readonly runningMs: number;
  readonly outputRows: number;
  /** Metered by the local stack over the functions' calls (clock, sweeper and retries included). */
  readonly writeUnits: number;
  readonly writeUnitsByOp: Readonly<Record<string, number>>;
  readonly readUnits: number;
  readonly readUnitsByOp: Readonly<Record<string, number>>;
  /** Units of the CLI's own calls (its progress display), not billed to the pipeline. */
  readonly toolReadUnits: number;
  readonly lambdaInvocations: number;
  readonly gbSeconds: number;
  /** From the stages' committed stats. */
  readonly putUnits: number;
  readonly stageInvocations: number;
  readonly committedWriteUnits: number;
  /** Shards of the pipeline's internal streams (ingest included), for shard-hours. */
  readonly shards: number;
  /** Lambda invocations and GB-seconds by function (stage functions and the clock). */
  readonly byFunction: Readonly<Record<string, { invocations: number; gbSeconds: number }>>;
  /** Each stage's committed stats. */
  readonly stages: readonly StagePoint[];
}

export interface StagePoint {
  readonly stageId: string;
  readonly shards: number;
  readonly in: number;
  readonly out: number;
  readonly invocations: number;
  readonly wcu: number;
  readonly putUnits: number;
  readonly bytesOut: number;
}

interface RunJson {
  ingested: number;
  runningMs: number;
  sinks: { rows: number }[];
  stages: StagePoint[];
  cost: {
    dynamoWriteUnits: number;
    kinesisPutUnits: number;
    invocations: number;
    metered?: {
      dynamoWriteUnits: number;
      dynamoReadUnits: number;
      dynamoWriteUnitsByOp: Record<string, number>;
      dynamoReadUnitsByOp: Record<string, number>;
      toolReadUnits: number;
      toolWriteUnits: number;
      lambdaInvocations: number;
      lambdaGbSeconds: number;
      lambdaByFunction: Record<string, { invocations: number; gbSeconds: number }>;
    };
  };
}

async function runPoint(query: SteadyQuery, rate: number, seconds: number): Promise<SteadyPoint> {
  await mkdir(outDir, { recursive: true });
  const slug = `steady-${query}-${rate}`;
  const sqlFile = join(outDir, `${slug}.sql`);
  const sql = steadySql(query, rate, seconds, join(outDir, `${slug}.out.jsonl`));
  await writeFile(sqlFile, sql);
  const spec = compile(sql, { file: sqlFile, baseDir: outDir, name: slug, parallelism: PARALLELISM });
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/sluice.mjs'),
      'run',
      sqlFile,
      '--parallelism',
      String(PARALLELISM),
      '--json',
      '--port',
      '0',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`sluice run ${slug} failed (${code}): ${stderr}`);
  const s = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as RunJson;
  const m = s.cost.metered;
  if (!m) throw new Error('sluice run --json reported no metered usage');
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    query,
    rate,
    seconds,
    parallelism: PARALLELISM,
    events: s.ingested,
    runningMs: s.runningMs,
    outputRows: s.sinks[0]?.rows ?? 0,
    writeUnits: round(m.dynamoWriteUnits),
    writeUnitsByOp: m.dynamoWriteUnitsByOp,
    readUnits: round(m.dynamoReadUnits),
    readUnitsByOp: m.dynamoReadUnitsByOp,
    toolReadUnits: round(m.toolReadUnits),
    lambdaInvocations: m.lambdaInvocations,
    gbSeconds: round(m.lambdaGbSeconds),
    putUnits: s.cost.kinesisPutUnits,
    stageInvocations: s.cost.invocations,
    committedWriteUnits: s.cost.dynamoWriteUnits,
    shards: spec.streams.reduce((n, st) => n + st.shards, 0),
    byFunction: Object.fromEntries(
      Object.entries(m.lambdaByFunction).map(([k, v]) => [
        k.replace(`sluice-${slug}-`, ''),
        { invocations: v.invocations, gbSeconds: round(v.gbSeconds) },
      ]),
    ),
    stages: s.stages.map((st) => ({
      stageId: st.stageId,
      shards: st.shards,
      in: st.in,
      out: st.out,
      invocations: st.invocations,
      wcu: Math.round(st.wcu),
      putUnits: st.putUnits,
      bytesOut: st.bytesOut,
    })),
  };
}

export interface MonthlyCost {
  readonly dynamoWrites: number;
  readonly dynamoReads: number;
  readonly kinesis: number;
  readonly lambda: number;
  readonly total: number;
  readonly naiveLambda: number;
}

/** $/month at the point's rate, from its units per second of nominal ingest (events / rate). */
export function monthlyCost(p: SteadyPoint): MonthlyCost {
  const perMonth = (units: number) => (units / (p.events / p.rate)) * SECONDS_PER_MONTH;
  const dynamoWrites = (perMonth(p.writeUnits) / 1e6) * PRICES.dynamoWriteUnitsPerMillion;
  const dynamoReads = (perMonth(p.readUnits) / 1e6) * PRICES.dynamoReadUnitsPerMillion;
  const kinesis =
    p.shards * HOURS_PER_MONTH * PRICES.kinesisShardHour +
    (perMonth(p.putUnits) / 1e6) * PRICES.kinesisPutUnitsPerMillion;
  const lambda =
    (perMonth(p.lambdaInvocations) / 1e6) * PRICES.lambdaRequestsPerMillion +
    perMonth(p.gbSeconds) * PRICES.lambdaGbSecondArm64;
  // naive Lambda: one DynamoDB write per event (its Lambda and Kinesis bills left out)
  const naiveLambda = ((p.rate * SECONDS_PER_MONTH) / 1e6) * PRICES.dynamoWriteUnitsPerMillion;
  return {
    dynamoWrites,
    dynamoReads,
    kinesis,
    lambda,
    total: dynamoWrites + dynamoReads + kinesis + lambda,
    naiveLambda,
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const perK = (p: SteadyPoint, n: number) => fmt((n / p.events) * 1000, 1);

export function steadyTable(points: readonly SteadyPoint[]): string {
  const head =
    '| pipeline | events/s | events (s) | WRU / 1k ev | RRU / 1k ev | PUT units / 1k ev | invocations / 1k ev | GB-s / 1k ev | DynamoDB $/mo | total $/mo | Managed Flink min $/mo | naive Lambda $/mo |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = points.map((p) => {
    const c = monthlyCost(p);
    return `| ${STEADY_LABELS[p.query]} | ${fmt(p.rate)} | ${fmt(p.events)} (${p.seconds}) | ${perK(p, p.writeUnits)} | ${perK(p, p.readUnits)} | ${perK(p, p.putUnits)} | ${perK(p, p.lambdaInvocations)} | ${perK(p, p.gbSeconds)} | ${fmt(c.dynamoWrites + c.dynamoReads)} | **${fmt(c.total)}** | ${fmt(FLINK_MINIMUM_USD)} | ${fmt(c.naiveLambda)} |`;
  });
  return [head, ...rows].join('\n');
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const plan: [number, number][] = quick
    ? [
        [100, 10],
        [1000, 10],
        [10_000, 5],
      ]
    : [
        [100, 30],
        [1000, 30],
        [10_000, 10],
      ];
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const points: SteadyPoint[] = [];
  const loads: number[] = [];
  for (const query of STEADY_QUERIES) {
    if (only && only !== query) continue;
    for (const [rate, seconds] of plan) {
      loads.push(loadavg()[0] ?? 0);
      const p = await runPoint(query, rate, seconds);
      const c = monthlyCost(p);
      console.log(
        `${query} @ ${rate}/s: ${p.events} events in ${(p.runningMs / 1000).toFixed(1)} s; per 1k events ` +
          `${perK(p, p.writeUnits)} WRU, ${perK(p, p.readUnits)} RRU, ${perK(p, p.putUnits)} PUT, ` +
          `${perK(p, p.lambdaInvocations)} invocations, ${perK(p, p.gbSeconds)} GB-s → $${fmt(c.total)}/month`,
      );
      points.push(p);
    }
  }
  const table = steadyTable(points);
  console.log(`\n${table}`);
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const load = `load average (1 min) ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)} at the start of the points`;
  await writeFile(
    join(root, 'bench/steady-cost.json'),
    `${JSON.stringify({ date, machine, load, points }, null, 2)}\n`,
  );
  console.log(`\n${date}, ${machine}, ${load}\nwrote bench/steady-cost.json`);
}

if (process.argv[1] === import.meta.filename) await main();
