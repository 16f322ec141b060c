import { z } from 'zod';
import { expr } from './expr.ts';
import { oneOf } from './one-of.ts';
import { scalarType } from './types.ts';

/** The aggregates of the first release: two-number accumulators, compiled to straight-line code. */
export const BASIC_AGGREGATE_FNS = ['count', 'count_star', 'sum', 'avg', 'min', 'max'] as const;

/**
 * Aggregates of two columns, `fn(y, x)` (the spec's `arg` and `arg2`): they see only rows where both
 * are non-NULL. Their accumulator is the pair's co-moments (n, means, sums of squares, co-sum).
 */
export const TWO_ARG_AGGREGATE_FNS = [
  'corr',
  'covar_pop',
  'covar_samp',
  'regr_slope',
  'regr_intercept',
  'regr_count',
  'regr_r2',
  'regr_avgx',
  'regr_avgy',
  'regr_sxx',
  'regr_syy',
  'regr_sxy',
] as const;
export type TwoArgAggregateFn = (typeof TWO_ARG_AGGREGATE_FNS)[number];
export const isTwoArgAggregate = oneOf(TWO_ARG_AGGREGATE_FNS);

/**
 * Aggregates whose accumulator is a JSON value of its own (functions/operators/aggregate-states.ts).
 * `count_distinct` is `count(DISTINCT x)`; `first_value`/`last_value`/`array_agg` order by event
 * time, then arrival; `approx_distinct` is a HyperLogLog, exact while small (sparse);
 * `approx_median` is computed exactly (as `median`); `bit_*` fold integers bitwise (64-bit).
 */
export const EXTENDED_AGGREGATE_FNS = [
  'count_distinct',
  'median',
  'stddev_samp',
  'stddev_pop',
  'var_samp',
  'var_pop',
  'first_value',
  'last_value',
  'bool_and',
  'bool_or',
  'array_agg',
  'approx_distinct',
  'approx_median',
  'bit_and',
  'bit_or',
  'bit_xor',
  ...TWO_ARG_AGGREGATE_FNS,
] as const;

/** `udaf`: a TypeScript aggregate UDF (udf-spec.ts), named by the aggregate's `udf` id. */
export const aggregateFn = z.enum([...BASIC_AGGREGATE_FNS, ...EXTENDED_AGGREGATE_FNS, 'udaf']);
export type AggregateFn = z.infer<typeof aggregateFn>;
export type ExtendedAggregateFn = (typeof EXTENDED_AGGREGATE_FNS)[number];

export const isExtendedAggregate = oneOf(EXTENDED_AGGREGATE_FNS);

/** Event-time windows of a window aggregate. */
export const windowSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tumble'), sizeMs: z.number().int().positive() }),
  /** Sliding windows [s, s + sizeMs) for every s that is a multiple of slideMs; sizeMs % slideMs = 0. */
  z.object({
    kind: z.literal('hop'),
    sizeMs: z.number().int().positive(),
    slideMs: z.number().int().positive(),
  }),
  /**
   * Per key: a session is [first event, last event + gapMs); an event whose [t, t + gap) overlaps a
   * session joins it, and sessions it bridges merge.
   */
  z.object({ kind: z.literal('session'), gapMs: z.number().int().positive() }),
]);
export type WindowSpec = z.infer<typeof windowSpec>;

/**
 * Aggregates that can take a row back out (functions/operators/retract.ts), so they may aggregate
 * a changelog (a debezium_json source); the others are refused over one.
 */
export const RETRACTABLE_AGGREGATES: readonly AggregateFn[] = [
  'count',
  'count_star',
  'sum',
  'avg',
  'count_distinct',
];

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
