import { describe, expect, it } from 'vitest';
import { TWO_ARG_AGGREGATE_FNS } from '../../../compiler/spec/index.ts';
import { createAccumulators } from '../../../functions/operators/accumulators.ts';
import { stateAggregate } from '../../../functions/operators/aggregate-states.ts';

/** The two-argument aggregates (corr, covar_*, regr_*) and the bitwise folds, against direct formulas. */
const ys = [3, 7, null, 1, 9, 4, 4, 12];
const xs = [1, 2, 5, null, 4, 4, 6, 8];
const pairs = ys
  .map((y, i) => [y, xs[i]] as const)
  .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null);
const n = pairs.length;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const mx = mean(pairs.map((p) => p[1]));
const my = mean(pairs.map((p) => p[0]));
const sxx = pairs.reduce((a, [, x]) => a + (x - mx) ** 2, 0);
const syy = pairs.reduce((a, [y]) => a + (y - my) ** 2, 0);
const sxy = pairs.reduce((a, [y, x]) => a + (x - mx) * (y - my), 0);

const FNS = TWO_ARG_AGGREGATE_FNS;
const EXPECTED: Record<(typeof FNS)[number], number> = {
  corr: sxy / Math.sqrt(sxx * syy),
  covar_pop: sxy / n,
  covar_samp: sxy / (n - 1),
  regr_slope: sxy / sxx,
  regr_intercept: my - (sxy / sxx) * mx,
  regr_count: n,
  regr_r2: (sxy * sxy) / (sxx * syy),
  regr_avgx: mx,
  regr_avgy: my,
  regr_sxx: sxx,
  regr_syy: syy,
  regr_sxy: sxy,
};

describe('two-argument aggregates through the accumulators', () => {
  const aggs = FNS.map((fn) => ({ name: fn, fn, arg: 'y', arg2: 'x' }));
  const acc = createAccumulators(aggs);
  it('skip pairs with a NULL and equal the direct formulas', () => {
    const a = acc.init();
    ys.forEach((y, i) => {
      acc.update(a, { y, x: xs[i] ?? null });
    });
    const out: Record<string, unknown> = {};
    acc.result(a, out);
    for (const fn of FNS) expect(out[fn], fn).toBeCloseTo(EXPECTED[fn], 9);
  });
  it('merging two partial states gives the same results (session windows merge)', () => {
    const a = acc.init();
    const b = acc.init();
    ys.forEach((y, i) => {
      acc.update(i < 3 ? a : b, { y, x: xs[i] ?? null });
    });
    const out: Record<string, unknown> = {};
    acc.result(acc.merge(a, b), out);
    for (const fn of FNS) expect(out[fn], fn).toBeCloseTo(EXPECTED[fn], 9);
  });
  it('are NULL where undefined: no pairs, one pair for the sample statistics, constant x', () => {
    const out: Record<string, unknown> = {};
    acc.result(acc.init(), out);
    expect(out).toMatchObject({ corr: null, covar_pop: null, regr_count: 0, regr_slope: null });
    const one = acc.init();
    acc.update(one, { y: 2, x: 5 });
    acc.update(one, { y: 4, x: 5 });
    acc.result(one, out);
    expect(out).toMatchObject({ covar_samp: 0, regr_slope: null, regr_r2: null, corr: null, regr_avgy: 3 });
  });
});

describe('bitwise aggregates', () => {
  const fold = (fn: 'bit_and' | 'bit_or' | 'bit_xor', vs: (number | null)[]) => {
    const st = stateAggregate(fn);
    return st.result(vs.reduce((s, v) => st.update(s, v, 0), st.init()));
  };
  it('fold 64-bit integers, negatives in two’s complement, ignoring NULLs', () => {
    expect(fold('bit_and', [12, null, 10])).toBe(8);
    expect(fold('bit_or', [12, 3])).toBe(15);
    expect(fold('bit_xor', [12, 10, -20])).toBe(6 ^ -20);
    // beyond 32 bits, where JavaScript's `&` would truncate
    expect(fold('bit_or', [2 ** 40, 1])).toBe(2 ** 40 + 1);
    expect(fold('bit_and', [null])).toBeNull();
  });
});
