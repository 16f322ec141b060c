import { z } from 'zod';
import { aggregateCall, updatingAggregateSpec, windowSpec } from './aggregate-spec.ts';
import { expr } from './expr.ts';
import { updatingJoinSpec, windowJoinSpec } from './join-spec.ts';
import { kafkaSinkFields, kafkaSourceFields } from './kafka-spec.ts';
import { nexmarkOptions } from './nexmark-spec.ts';
import { topNSpec, unnestSpec } from './top-n-unnest-spec.ts';
import { field } from './types.ts';
import { udfSpec } from './udf-spec.ts';

/**
 * PipelineSpec: the one contract between compiler, infra, functions, local stack and console.
 * Versioned JSON; validate with `parsePipelineSpec` wherever it is read.
 */
export const SPEC_VERSION = 1;

export const badData = z.enum(['fail', 'drop']);

/** How a source assigns event time. `delayMs` is the watermark's allowed lateness. */
export const eventTime = z.object({ field: z.string(), delayMs: z.number().int().nonnegative() });
export type EventTime = z.infer<typeof eventTime>;

const sourceCommon = {
  /** The SQL table name. */
  table: z.string(),
  /**
   * `json`: one row per document. `debezium_json`: one Debezium change `{before, after, op}` per
   * document (a changelog source; source-parser.ts turns it into a change row).
   */
  format: z.enum(['json', 'debezium_json']),
  badData,
  schema: z.array(field),
  eventTime: eventTime.nullable(),
  /**
   * Virtual columns (`name TYPE GENERATED ALWAYS AS (expr) [STORED]`): computed by the source
   * parser from the record's other columns, in declaration order; `schema` lists them too.
   */
  virtual: z.array(z.object({ name: z.string(), expr })).optional(),
  /**
   * I6: after this long with no records, the clock advances the shard's watermark to the most
   * advanced one of its stage (Arroyo's `idle_micros`, in ms). Null: never idle.
   */
  idleMs: z.number().int().positive().nullable().default(null),
  /**
   * Event-time guard (`max_future`, ms): a row whose event time is more than this ahead of its
   * record's Kinesis arrival time is dead-lettered and never moves the watermark
   * (functions/runtime/event-time-guard.ts). Null: no guard (nexmark, and specs written before
   * the option; the compiler's default is one hour).
   */
  maxFutureMs: z.number().int().positive().nullable().default(null),
};

export const sourceSpec = z.discriminatedUnion('kind', [
  /** Local-only. `sluice run` ingests the file's JSON lines into the stage's ingest stream. */
  z.object({ kind: z.literal('single_file'), path: z.string(), ...sourceCommon }),
  /** A user's Kinesis stream, one JSON document per record. Imported, never created. */
  z.object({
    kind: z.literal('kinesis'),
    streamName: z.string(),
    offset: z.enum(['earliest', 'latest']),
    ...sourceCommon,
  }),
  /** The Nexmark generator (nexmark-spec.ts); `sluice run` ingests its events like a file's lines. */
  z.object({ kind: z.literal('nexmark'), nexmark: nexmarkOptions, ...sourceCommon }),
  /**
   * JSON lines in every object under `s3://<bucket>/<prefix>`, objects in key order; `sluice run`
   * ingests them like one file's lines. Local only for now (no cloud ingest function yet).
   */
  z.object({ kind: z.literal('filesystem'), bucket: z.string(), prefix: z.string(), ...sourceCommon }),
  z.object({ ...kafkaSourceFields, ...sourceCommon }),
]);
export type SourceSpec = z.infer<typeof sourceSpec>;

/** Sink formats: plain JSON rows, or Debezium change events `{before, after, op}`. */
export const sinkFormat = z.enum(['json', 'debezium_json']);
export type SinkFormat = z.infer<typeof sinkFormat>;

export const sinkSpec = z.discriminatedUnion('kind', [
  /** Local-only. Exactly-once via per-epoch part files, assembled into `path`. */
  z.object({
    kind: z.literal('single_file'),
    table: z.string(),
    path: z.string(),
    format: sinkFormat,
  }),
  /** A user's Kinesis stream, one JSON row per record; the row id is the partition key. */
  z.object({
    kind: z.literal('kinesis'),
    table: z.string(),
    streamName: z.string(),
    format: sinkFormat,
  }),
  /**
   * The user's S3 bucket (imported, never created): each committed epoch of each (stage, shard)
   * with rows becomes one JSON-lines object `<prefix><pipeline>/<stage>/<shard>/<epoch>.jsonl`,
   * exactly once (staged, committed, then published: docs/exactly-once.md). `prefix` is '' or ends in '/'.
   */
  z.object({
    kind: z.literal('filesystem'),
    table: z.string(),
    bucket: z.string(),
    prefix: z.string(),
    format: sinkFormat,
  }),
  /** The bare-SELECT preview: rows go to the pipeline's internal `preview` stream, printed by the CLI. */
  z.object({ kind: z.literal('preview'), stream: z.string() }),
  z.object({ ...kafkaSinkFields, format: sinkFormat }),
]);
export type SinkSpec = z.infer<typeof sinkSpec>;

export { type AggregateFn, aggregateFn, type WindowSpec, windowSpec } from './aggregate-spec.ts';

/** Operators chained inside one stage, applied in order to each row. */
export const operatorSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('filter'), predicate: expr }),
  /** Replaces the row with the listed columns. The event time travels with the row, not as a column. */
  z.object({ kind: z.literal('project'), columns: z.array(z.object({ name: z.string(), expr })) }),
  /**
   * Keyed event-time window aggregate. Input rows arrive already shuffled by `keys`.
   * Emits one row per (window, key) once the stage watermark passes the window end, with columns:
   * each key (same name), each aggregate (`name`), and `windowStartColumn`/`windowEndColumn`
   * (timestamps). The emitted row's event time is window end − 1 ms. Its id is (window, key).
   */
  z.object({
    kind: z.literal('window_aggregate'),
    window: windowSpec,
    keys: z.array(z.string()),
    aggregates: z.array(aggregateCall),
    windowStartColumn: z.string(),
    windowEndColumn: z.string(),
  }),
  windowJoinSpec,
  updatingJoinSpec,
  topNSpec,
  updatingAggregateSpec,
  unnestSpec,
]);
export type OperatorSpec = z.infer<typeof operatorSpec>;

export const stageInput = z.discriminatedUnion('kind', [
  /**
   * A source stage. `stream` is the stream it reads: the internal ingest stream id for
   * single_file, or the user's stream name for kinesis.
   */
  z.object({ kind: z.literal('source'), source: sourceSpec, stream: z.string() }),
  /** Reads an internal stream written by the `from` stages. */
  z.object({ kind: z.literal('edge'), stream: z.string(), from: z.array(z.string()).min(1) }),
]);
export type StageInput = z.infer<typeof stageInput>;

export const stageOutput = z.discriminatedUnion('kind', [
  /** Route rows by key group of `keyBy` (column names) into the internal stream `stream`. */
  z.object({ kind: z.literal('shuffle'), stream: z.string(), keyBy: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('sink'), sink: sinkSpec }),
]);
export type StageOutput = z.infer<typeof stageOutput>;

export const stageSpec = z.object({
  /** Stable id: `s1`, `s2`, … */
  id: z.string().regex(/^s[0-9]+$/),
  /** A human label, e.g. `source orders → filter → project`. */
  label: z.string(),
  /** Initial shard count of the stage's input stream (internal streams only). */
  parallelism: z.number().int().positive(),
  input: stageInput,
  operators: z.array(operatorSpec),
  output: stageOutput,
  /** Schema of rows leaving the operator chain. */
  schema: z.array(field),
});
export type StageSpec = z.infer<typeof stageSpec>;

/** Internal Kinesis streams the pipeline owns (ingest, shuffle edges, preview). */
export const streamSpec = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['ingest', 'edge', 'preview']),
  shards: z.number().int().positive(),
});
export type StreamSpec = z.infer<typeof streamSpec>;

export const pipelineSpec = z.object({
  version: z.literal(SPEC_VERSION),
  name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
  /** Number of key groups K; fixed for the pipeline's life. */
  keyGroups: z.number().int().positive().default(256),
  streams: z.array(streamSpec),
  stages: z.array(stageSpec).min(1),
  /** The SQL it was compiled from, for the console and for humans. */
  sql: z.string(),
  /** The TypeScript UDFs the pipeline calls (absent when none); the handler bundle must have them. */
  udfs: z.array(udfSpec).optional(),
});
export type PipelineSpec = z.infer<typeof pipelineSpec>;

export class SpecValidationError extends Error {
  readonly code = 'SPEC_INVALID';
  constructor(readonly issues: string) {
    super(`invalid PipelineSpec: ${issues}. Recompile the pipeline with this version of sluice.`);
    this.name = 'SpecValidationError';
  }
}

export function parsePipelineSpec(json: unknown): PipelineSpec {
  const result = pipelineSpec.safeParse(json);
  if (!result.success) {
    throw new SpecValidationError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}
