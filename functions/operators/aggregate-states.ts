import type { ExtendedAggregateFn, PercentileAggregateFn } from '../../compiler/spec/index.ts';
import { type HllState, hllAdd, hllCount, hllInit, hllMerge } from './hyperloglog.ts';
import { TWO_ARG_IMPLS } from './two-arg-aggregates.ts';

/**
 * Accumulators of the extended aggregates. A state is a JSON value (it is persisted per key group);
 * `update` may mutate and returns the new state; `merge` combines two states (session windows merge
 * sessions). NULL inputs are ignored, except by array_agg and first_value/last_value, which keep
 * them (as DuckDB's array_agg and SQL's RESPECT NULLS default do).
 *
 * Order-dependent aggregates order by event time, then arrival: first_value keeps the earliest
 * event time (on a tie, the value that arrived first); last_value the latest (on a tie, the value
 * that arrived last); array_agg lists values by event time, ties in arrival order. Arrival order
 * between producer shards is not deterministic, so results with event-time ties may differ between
 * runs; everything else is exact and independent of batching and retries.
 */
export interface StateAggregate<S> {
  init(): S;
  update(s: S, v: unknown, t: number): S;
  merge(a: S, b: S): S;
  result(s: S): unknown;
}

type Welford = [n: number, mean: number, m2: number];
type Timed = [v: unknown, t: number] | null;

const welford: Omit<StateAggregate<Welford>, 'result'> = {
  init: () => [0, 0, 0],
  update(s, v) {
    if (v === null) return s;
    const x = v as number;
    const n = s[0] + 1;
    const d = x - s[1];
    const mean = s[1] + d / n;
    return [n, mean, s[2] + d * (x - mean)];
  },
  merge(a, b) {
    if (a[0] === 0) return b;
    if (b[0] === 0) return a;
    const n = a[0] + b[0];
    const d = b[1] - a[1];
    return [n, a[1] + (d * b[0]) / n, a[2] + b[2] + (d * d * a[0] * b[0]) / n];
  },
};

const variance = (sample: boolean, sqrt: boolean): StateAggregate<Welford> => ({
  ...welford,
  result(s) {
    const denom = sample ? s[0] - 1 : s[0];
    if (denom <= 0) return s[0] === 1 && !sample ? 0 : null;
    const v = Math.max(0, s[2] / denom);
    return sqrt ? Math.sqrt(v) : v;
  },
});

const firstLast = (last: boolean): StateAggregate<Timed> => ({
  init: () => null,
  update(s, v, t) {
    if (s === null || (last ? t >= s[1] : t < s[1])) return [v, t];
    return s;
  },
  merge(a, b) {
    if (a === null) return b;
    if (b === null) return a;
    return (last ? b[1] >= a[1] : b[1] < a[1]) ? b : a;
  },
  result: (s) => (s === null ? null : s[0]),
});

const boolAgg = (and: boolean): StateAggregate<boolean | null> => ({
  init: () => null,
  update(s, v) {
    if (v === null) return s;
    if (s === null) return v as boolean;
    return and ? s && (v as boolean) : s || (v as boolean);
  },
  merge(a, b) {
    if (a === null) return b;
    if (b === null) return a;
    return and ? a && b : a || b;
  },
  result: (s) => s,
});

/** Each distinct value with how many rows hold it (a retraction, retract.ts, decrements it). */
const countDistinct: StateAggregate<Record<string, number>> = {
  init: () => ({}),
  update(s, v) {
    if (v !== null) {
      const k = JSON.stringify(v);
      s[k] = (s[k] ?? 0) + 1;
    }
    return s;
  },
  merge(a, b) {
    for (const [k, n] of Object.entries(b)) a[k] = (a[k] ?? 0) + n;
    return a;
  },
  result: (s) => Object.keys(s).length,
};

const median: StateAggregate<number[]> = {
  init: () => [],
  update(s, v) {
    if (v !== null) s.push(v as number);
    return s;
  },
  merge: (a, b) => a.concat(b),
  result(s) {
    if (s.length === 0) return null;
    const sorted = [...s].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1
      ? sorted[mid]
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  },
};

const arrayAgg: StateAggregate<[number, unknown][]> = {
  init: () => [],
  update(s, v, t) {
    s.push([t, v]);
    return s;
  },
  merge: (a, b) => a.concat(b),
  // Array.prototype.sort is stable: ties keep arrival order.
  result: (s) => (s.length === 0 ? null : [...s].sort((x, y) => x[0] - y[0]).map((e) => e[1])),
};

const approxDistinct: StateAggregate<HllState> = {
  init: hllInit,
  update: (s, v) => (v === null ? s : hllAdd(s, JSON.stringify(v))),
  merge: hllMerge,
  result: hllCount,
};

/** Bitwise fold over 64-bit integers (BigInt: JavaScript's `&` is 32-bit); NULL for no values. */
const bitAgg = (op: (a: bigint, b: bigint) => bigint): StateAggregate<number | null> => {
  const fold = (a: number | null, b: number | null): number | null =>
    a === null ? b : b === null ? a : Number(BigInt.asIntN(64, op(BigInt(a), BigInt(b))));
  return { init: () => null, update: (s, v) => fold(s, v as number | null), merge: fold, result: (s) => s };
};

/** The percentiles take parameters: percentile-aggregate.ts builds them. */
type PlainExtendedFn = Exclude<ExtendedAggregateFn, PercentileAggregateFn>;

const IMPLS: Readonly<Record<PlainExtendedFn, StateAggregate<unknown>>> = {
  count_distinct: countDistinct as StateAggregate<unknown>,
  median: median as StateAggregate<unknown>,
  stddev_samp: variance(true, true) as StateAggregate<unknown>,
  stddev_pop: variance(false, true) as StateAggregate<unknown>,
  var_samp: variance(true, false) as StateAggregate<unknown>,
  var_pop: variance(false, false) as StateAggregate<unknown>,
  first_value: firstLast(false) as StateAggregate<unknown>,
  last_value: firstLast(true) as StateAggregate<unknown>,
  bool_and: boolAgg(true) as StateAggregate<unknown>,
  bool_or: boolAgg(false) as StateAggregate<unknown>,
  array_agg: arrayAgg as StateAggregate<unknown>,
  approx_distinct: approxDistinct as StateAggregate<unknown>,
  approx_median: median as StateAggregate<unknown>,
  bit_and: bitAgg((a, b) => a & b) as StateAggregate<unknown>,
  bit_or: bitAgg((a, b) => a | b) as StateAggregate<unknown>,
  bit_xor: bitAgg((a, b) => a ^ b) as StateAggregate<unknown>,
  ...TWO_ARG_IMPLS,
};

export const stateAggregate = (fn: PlainExtendedFn): StateAggregate<unknown> => IMPLS[fn];
