import { z } from 'zod';

/** The aggregates of the first release: two-number accumulators, compiled to straight-line code. */
export const BASIC_AGGREGATE_FNS = ['count', 'count_star', 'sum', 'avg', 'min', 'max'] as const;

/**
 * Aggregates whose accumulator is a JSON value of its own (functions/operators/aggregate-states.ts).
 * `count_distinct` is `count(DISTINCT x)`; `first_value`/`last_value`/`array_agg` order by event
 * time, then arrival; `approx_distinct` is a HyperLogLog, exact while small (sparse).
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
] as const;

/** `udaf`: a TypeScript aggregate UDF (udf-spec.ts), named by the aggregate's `udf` id. */
export const aggregateFn = z.enum([...BASIC_AGGREGATE_FNS, ...EXTENDED_AGGREGATE_FNS, 'udaf']);
export type AggregateFn = z.infer<typeof aggregateFn>;
export type ExtendedAggregateFn = (typeof EXTENDED_AGGREGATE_FNS)[number];

export const isExtendedAggregate = (fn: AggregateFn): fn is ExtendedAggregateFn =>
  (EXTENDED_AGGREGATE_FNS as readonly string[]).includes(fn);

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
