import { z } from 'zod';
import { aggregateFn } from './aggregate-spec.ts';
import { expr } from './expr.ts';
import { scalarType } from './types.ts';

/**
 * One aggregate of a window or updating aggregate: `fn(arg[, arg2]) AS name`, `arg` a column of the
 * input row; `udf` is the UDF id when `fn` is `udaf`.
 */
export const aggregateCall = z.object({
  name: z.string(),
  fn: aggregateFn,
  arg: z.string().nullable(),
  /** The second argument of a two-argument aggregate (`corr(y, x)`, `regr_slope(y, x)`: x). */
  arg2: z.string().optional(),
  type: scalarType,
  udf: z.string().optional(),
});

/**
 * Top-N per window: `row_number() | rank() | dense_rank() OVER (PARTITION BY window, … ORDER BY …)`.
 * Input rows arrive shuffled by `partitionBy` (which holds the window's end column `windowEnd`).
 * A partition's rows are buffered until the stage watermark reaches its window end, then sorted by
 * `orderBy`, ties broken by the whole row's JSON text (so the order is total and deterministic),
 * and emitted with the rank in `rankColumn` (row_number 1, 2, 3…; rank with gaps; dense_rank without),
 * keeping only ranks ≤ `limit` when set. Ids `<windowEnd>:<partitionJson>:<n>`; event time: the row's.
 */
export const topNSpec = z.object({
  kind: z.literal('top_n'),
  fn: z.enum(['row_number', 'rank', 'dense_rank']),
  partitionBy: z.array(z.string()).min(1),
  windowEnd: z.string(),
  orderBy: z.array(z.object({ column: z.string(), desc: z.boolean(), nullsFirst: z.boolean() })),
  rankColumn: z.string(),
  limit: z.number().int().positive().nullable(),
});
export type TopNSpec = z.infer<typeof topNSpec>;

/**
 * Updating (unwindowed) aggregate: GROUP BY keys with no window. Input rows arrive shuffled by
 * `keys`. Each input row updates its key's accumulators; the operator then evaluates the result row
 * (keys + aggregates), applies `having` and projects `columns`, and emits ONE change row
 * `{ before, after, op }` (Debezium): `c` when a row appears, `u` when it changes, `d` when HAVING
 * stops holding; nothing when neither side passes HAVING or the projected row is unchanged. Ids
 * are positional (the input record's seq and index), so replays dedupe. State: per key, forever.
 */
export const updatingAggregateSpec = z.object({
  kind: z.literal('updating_aggregate'),
  keys: z.array(z.string()).min(1),
  aggregates: z.array(aggregateCall),
  having: expr.nullable(),
  columns: z.array(z.object({ name: z.string(), expr })),
});
export type UpdatingAggregateSpec = z.infer<typeof updatingAggregateSpec>;

/**
 * UNNEST: for each element of the array in `column`, emits the row with `output` set to the element
 * (the array column itself kept only if it is also a projected column). A NULL or empty array emits
 * nothing. Ids are positional.
 */
export const unnestSpec = z.object({
  kind: z.literal('unnest'),
  column: z.string(),
  output: z.string(),
});
export type UnnestSpec = z.infer<typeof unnestSpec>;

/** Sink formats: plain JSON rows, or Debezium change events `{before, after, op}`. */
export const sinkFormat = z.enum(['json', 'debezium_json']);
export type SinkFormat = z.infer<typeof sinkFormat>;
