import { isPreviewSink, userSourceStream } from '../compiler/index.ts';
import type { PipelineSpec, StageSpec } from '../compiler/spec/index.ts';

/** Public us-east-1 list prices, from the Kinesis Data Streams, DynamoDB on-demand and Lambda pricing pages. */
export const PRICES = {
  kinesisShardHour: 0.015,
  kinesisPutUnitsPerMillion: 0.014,
  kinesisPutUnitBytes: 25 * 1024,
  dynamoWriteUnitsPerMillion: 0.625,
  dynamoReadUnitsPerMillion: 0.125,
  lambdaRequestsPerMillion: 0.2,
  lambdaGbSecondArm64: 0.0000133334,
} as const;

export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export interface CostAssumptions {
  /** Events per second entering the pipeline. @default 1000 */
  readonly eventsPerSecond?: number;
  /** Bytes of one event as JSON. @default 200 */
  readonly eventBytes?: number;
  /** Invocations per busy shard per second: a standard iterator polls about once a second. @default 1 */
  readonly invocationsPerShardSecond?: number;
  /** Records per invocation (the mapping's BatchSize). @default 500 */
  readonly batchSize?: number;
  /** Average duration of an invocation, ms. @default 200 */
  readonly avgDurationMs?: number;
  /** Function memory, MB. @default 1024 */
  readonly memoryMb?: number;
  /** Write units of one checkpoint PutItem (its doc holds dedupe state). @default 2 */
  readonly checkpointWriteUnits?: number;
  /** Distinct GROUP BY keys active each second (bounds the state pages a commit writes). @default 100 */
  readonly distinctKeys?: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthlyUsd: number;
}

export interface CostEstimate {
  readonly eventsPerSecond: number;
  readonly lines: readonly CostLine[];
  readonly monthlyUsd: number;
  readonly assumptions: readonly string[];
  readonly notIncluded: readonly string[];
}

/**
 * A monthly cost estimate of a pipeline at a steady event rate. It is an upper-bound model: every
 * event crosses every stage up to its window, and every busy shard is invoked about once a second.
 */
export function estimateCost(spec: PipelineSpec, a: CostAssumptions = {}): CostEstimate {
  const E = a.eventsPerSecond ?? 1000;
  const B = a.eventBytes ?? 200;
  const perShard = a.invocationsPerShardSecond ?? 1;
  const batch = a.batchSize ?? 500;
  const durationMs = a.avgDurationMs ?? 200;
  const memoryMb = a.memoryMb ?? 1024;
  const cpWcu = a.checkpointWriteUnits ?? 2;
  const keysActive = a.distinctKeys ?? 100;
  const shardsOf = (id: string) => spec.streams.find((s) => s.id === id)?.shards;
  const readsUserStream = (st: StageSpec) =>
    st.input.kind === 'source' && userSourceStream(st.input.source) !== undefined;
  const inputShards = (st: StageSpec) =>
    readsUserStream(st) ? st.parallelism : (shardsOf(st.input.stream) ?? st.parallelism);

  let invocations = 0; // per second
  let putUnits = 0; // per second
  let writeUnits = 0; // per second
  let readUnits = 0; // per second
  for (const st of spec.stages) {
    const S = inputShards(st);
    const userSource = readsUserStream(st);
    // a user's stream carries one event per record; internal streams carry envelopes of many rows
    const inv = S * (userSource ? Math.max(perShard, E / S / batch) : perShard);
    invocations += inv;
    const windowed = st.operators.some((o) => o.kind === 'window_aggregate');
    const eventsPerInvocation = E / inv;
    const stateItems = windowed ? Math.min(spec.keyGroups / S, keysActive / S, eventsPerInvocation) : 0;
    // checkpoint + state pages written, and the sweeper's later delete of each page
    writeUnits += inv * (cpWcu + 2 * stateItems);
    readUnits += inv; // one consistent checkpoint read (≤ 4 KB)
    const out = st.output;
    const target =
      out.kind === 'shuffle' ? out.stream : isPreviewSink(out.sink) ? out.sink.stream : undefined;
    const T = target !== undefined ? (shardsOf(target) ?? 1) : 0;
    if (T > 0 && !windowed) {
      const records = inv * T; // one data record per target shard per invocation…
      const dataUnits = Math.max(records, (E * B) / PRICES.kinesisPutUnitBytes);
      putUnits += dataUnits + records; // …plus the final watermark record per target shard
    }
  }
  invocations += 1 / 60; // the clock

  const gbSeconds = invocations * (durationMs / 1000) * (memoryMb / 1024);
  const shardHours = spec.streams.reduce((n, s) => n + s.shards, 0) * HOURS_PER_MONTH;
  const month = (perSecond: number) => perSecond * SECONDS_PER_MONTH;
  const lines: CostLine[] = [
    line('Kinesis shard-hours (internal streams)', shardHours, 'shard-hour', PRICES.kinesisShardHour),
    line(
      'Kinesis PUT payload units',
      month(putUnits) / 1e6,
      'million units',
      PRICES.kinesisPutUnitsPerMillion,
    ),
    line(
      'DynamoDB write units (on-demand)',
      month(writeUnits) / 1e6,
      'million WRU',
      PRICES.dynamoWriteUnitsPerMillion,
    ),
    line(
      'DynamoDB read units (on-demand)',
      month(readUnits) / 1e6,
      'million RRU',
      PRICES.dynamoReadUnitsPerMillion,
    ),
    line('Lambda requests', month(invocations) / 1e6, 'million requests', PRICES.lambdaRequestsPerMillion),
    line('Lambda compute (arm64)', month(gbSeconds), 'GB-s', PRICES.lambdaGbSecondArm64),
  ];
  return {
    eventsPerSecond: E,
    lines,
    monthlyUsd: round(lines.reduce((n, l) => n + l.monthlyUsd, 0)),
    assumptions: [
      `${E} events/s of ${B} bytes, steady, 730 h/month, us-east-1 prices`,
      `a user's source stream has one event per record and as many shards as the stage's parallelism`,
      `every busy shard is invoked ${perShard}×/s (standard polling, batching window 0), more if a source shard holds over ${batch} records/s`,
      'every event crosses every stage up to its window (no filter selectivity): an upper bound',
      `each invocation commits once: one checkpoint PutItem (${cpWcu} WRU) and one consistent read;` +
        ` a window stage also writes one state page per key group it touched (${keysActive} distinct keys a second,` +
        ' at most the key groups of a shard), and the sweeper later deletes it (1 WRU each)',
      'producers pack rows into records of up to 25 KB, one record per target shard and invocation at least, plus one watermark record',
      `functions average ${durationMs} ms at ${memoryMb} MB; the clock runs once a minute`,
    ],
    notIncluded: [
      'your own source and sink streams (their shards and PUT units are on your bill already)',
      'CloudWatch (dashboard, alarms, logs, metrics), S3 on-failure objects (only after an outage), KMS requests, data transfer',
      'free tiers',
    ],
  };
}

function line(item: string, quantity: number, unit: string, unitPrice: number): CostLine {
  return { item, quantity: round(quantity), unit, unitPrice, monthlyUsd: round(quantity * unitPrice) };
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** The estimate as text for the terminal. */
export function formatCostEstimate(c: CostEstimate): string {
  const w = Math.max(...c.lines.map((l) => l.item.length));
  const rows = c.lines.map(
    (l) =>
      `  ${l.item.padEnd(w)}  ${l.quantity.toLocaleString('en-US').padStart(14)} ${l.unit.padEnd(16)} $${l.monthlyUsd.toFixed(2).padStart(9)}`,
  );
  return [
    `Estimated cost at ${c.eventsPerSecond} events/s (per month):`,
    ...rows,
    `  ${'total'.padEnd(w)}  ${''.padStart(31)} $${c.monthlyUsd.toFixed(2).padStart(9)}`,
    'Assumptions:',
    ...c.assumptions.map((s) => `  - ${s}`),
    'Not included:',
    ...c.notIncluded.map((s) => `  - ${s}`),
  ].join('\n');
}
