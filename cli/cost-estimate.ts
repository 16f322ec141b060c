import type { PipelineSpec } from '../compiler/spec/index.ts';
import { pipelineUnits } from './cost-units.ts';

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
  /**
   * Distinct keys (GROUP BY or join keys) seen each second by a stateful stage (window, join,
   * updating aggregate); it holds a window's worth of them (a minute's without a window). Sets how
   * many key groups an invocation dirties and how big their pages are. @default 100
   */
  readonly distinctKeys?: number;
  /** Bytes of one key's state in a state page. @default 60 */
  readonly keyStateBytes?: number;
  /** Seconds between clock invocations (the schedule is rate(1 minute)). @default 60 */
  readonly clockPeriodSeconds?: number;
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
  const keys = a.distinctKeys ?? 100;
  const keyBytes = a.keyStateBytes ?? 60;
  const clockSeconds = a.clockPeriodSeconds ?? 60;
  const { invocations, putUnits, writeUnits, readUnits } = pipelineUnits(spec, {
    eventsPerSecond: E,
    eventBytes: B,
    invocationsPerShardSecond: perShard,
    batchSize: batch,
    distinctKeys: keys,
    keyStateBytes: keyBytes,
    clockPeriodSeconds: clockSeconds,
  });

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
      'each invocation commits once: one checkpoint PutItem (1 WRU per KB: its dedupe state and one page ref per key group held) and one consistent read;' +
        ` a stateful stage also writes one state page per key group the invocation touched (${keys} distinct keys a second, a window's worth held,` +
        ` ${keyBytes} bytes each), and the sweeper later deletes the page it replaced (billed like the write)`,
      'producers pack rows into records of up to 25 KB, one record per target shard that gets rows, plus one watermark marker per target shard',
      `functions average ${durationMs} ms at ${memoryMb} MB; the clock runs every ${clockSeconds} s`,
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
