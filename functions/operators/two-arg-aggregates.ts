import type { TwoArgAggregateFn } from '../../compiler/spec/index.ts';
import type { StateAggregate } from './aggregate-states.ts';

/**
 * The two-column aggregates, `fn(y, x)`: corr, covar_pop/covar_samp and the regr_* family (as in
 * PostgreSQL, DuckDB and DataFusion). The accumulator sees `[y, x]` (accumulators.ts), or null when
 * either is NULL, which it skips. Its state is the pair's co-moments, updated one value at a time
 * (Welford) and merged exactly (Chan et al.), so the result does not depend on batching:
 * n, mean of x, mean of y, Σ(x − x̄)², Σ(y − ȳ)², Σ(x − x̄)(y − ȳ).
 */
type Moments = [n: number, mx: number, my: number, sxx: number, syy: number, sxy: number];

const EMPTY: Moments = [0, 0, 0, 0, 0, 0];

function update(s: Moments, v: unknown): Moments {
  if (v === null) return s;
  const [y, x] = v as [number, number];
  const [n0, mx0, my0, sxx, syy, sxy] = s;
  const n = n0 + 1;
  const dx = x - mx0;
  const dy = y - my0;
  const mx = mx0 + dx / n;
  const my = my0 + dy / n;
  return [n, mx, my, sxx + dx * (x - mx), syy + dy * (y - my), sxy + dx * (y - my)];
}

function merge(a: Moments, b: Moments): Moments {
  if (a[0] === 0) return b;
  if (b[0] === 0) return a;
  const n = a[0] + b[0];
  const dx = b[1] - a[1];
  const dy = b[2] - a[2];
  const f = (a[0] * b[0]) / n;
  return [
    n,
    a[1] + (dx * b[0]) / n,
    a[2] + (dy * b[0]) / n,
    a[3] + b[3] + dx * dx * f,
    a[4] + b[4] + dy * dy * f,
    a[5] + b[5] + dx * dy * f,
  ];
}

/**
 * The result of each aggregate from the co-moments, with DataFusion's (so Arroyo's) answers where the
 * statistic degenerates: no pairs gives NULL (regr_count 0); `corr` is 0 when either side is constant
 * (or there is one pair); `regr_slope`/`regr_intercept` are NULL for one pair or a constant x, and
 * `regr_r2` also for a constant y (PostgreSQL and DuckDB say NaN for corr and 1 for that r2).
 */
const RESULTS: Readonly<Record<TwoArgAggregateFn, (m: Moments) => number | null>> = {
  corr: ([n, , , sxx, syy, sxy]) => (n < 1 ? null : sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy)),
  covar_pop: ([n, , , , , sxy]) => (n < 1 ? null : sxy / n),
  covar_samp: ([n, , , , , sxy]) => (n < 2 ? null : sxy / (n - 1)),
  regr_count: ([n]) => n,
  regr_avgx: ([n, mx]) => (n < 1 ? null : mx),
  regr_avgy: ([n, , my]) => (n < 1 ? null : my),
  regr_sxx: ([n, , , sxx]) => (n < 1 ? null : sxx),
  regr_syy: ([n, , , , syy]) => (n < 1 ? null : syy),
  regr_sxy: ([n, , , , , sxy]) => (n < 1 ? null : sxy),
  regr_slope: ([n, , , sxx, , sxy]) => (n < 2 || sxx === 0 ? null : sxy / sxx),
  regr_intercept: ([n, mx, my, sxx, , sxy]) => (n < 2 || sxx === 0 ? null : my - (sxy / sxx) * mx),
  regr_r2: ([n, , , sxx, syy, sxy]) => (n < 2 || sxx === 0 || syy === 0 ? null : (sxy * sxy) / (sxx * syy)),
};

const twoArg = (fn: TwoArgAggregateFn): StateAggregate<Moments> => ({
  init: () => [...EMPTY],
  update,
  merge,
  result: RESULTS[fn],
});

export const TWO_ARG_IMPLS = Object.fromEntries(
  Object.keys(RESULTS).map((fn) => [fn, twoArg(fn as TwoArgAggregateFn) as StateAggregate<unknown>]),
) as Record<TwoArgAggregateFn, StateAggregate<unknown>>;
