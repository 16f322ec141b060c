import { describe, expect, it } from 'vitest';
import { TWO_ARG_AGGREGATE_FNS } from '../../../compiler/spec/index.ts';
import { createAccumulators } from '../../../functions/operators/accumulators.ts';
import { stateAggregate } from '../../../functions/operators/aggregate-states.ts';
import { duckdbRows } from '../../support/oracle.ts';

/**
 * The two-argument aggregates (corr, covar_*, regr_*), the bitwise folds, var and approx_median, each
 * checked against DuckDB's answer over the same values (computed here, not copied). Where DuckDB and
 * DataFusion (Arroyo's engine) disagree on a degenerate group, sluice follows DataFusion and the test
 * says so.
 */
type Pair = readonly [y: number | null, x: number | null];

/** Deterministic pseudo-random pairs with some NULLs on either side (a small LCG, no Math.random). */
function seededPairs(n: number, seed: number): Pair[] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return Array.from({ length: n }, () => {
    const x = Math.round(next() * 1e6) / 100;
    const y = Math.round((x * 0.7 + next() * 500 - 200) * 100) / 100;
    const r = next();
    return r < 0.05 ? [null, x] : r < 0.1 ? [y, null] : [y, x];
  });
}

const FNS = TWO_ARG_AGGREGATE_FNS;
const sqlNum = (v: number | null, type: string) => (v === null ? `NULL::${type}` : `${v}::${type}`);

/** DuckDB's value of every two-argument aggregate over `pairs` (NaN kept as NaN). */
async function duckdbTwoArg(pairs: readonly Pair[]): Promise<Record<string, number | null>> {
  const values = pairs.map(([y, x]) => `(${sqlNum(y, 'DOUBLE')}, ${sqlNum(x, 'DOUBLE')})`).join(', ');
  const from = pairs.length === 0 ? '(SELECT 1.0 AS y, 1.0 AS x WHERE false)' : `(VALUES ${values}) t(y, x)`;
  const [row] = await duckdbRows(
    `SELECT ${FNS.map((f) => `${f}(y, x)::DOUBLE AS ${f}`).join(', ')} FROM ${from}`,
  );
  return Object.fromEntries(FNS.map((f) => [f, row?.[f] === null ? null : Number(row?.[f])]));
}

const acc = createAccumulators(FNS.map((fn) => ({ name: fn, fn, arg: 'y', arg2: 'x' })));

/** sluice's results over `pairs`, fed to `parts` accumulators in turn and merged (as session windows do). */
function sluiceTwoArg(pairs: readonly Pair[], parts = 1): Record<string, unknown> {
  const accs = Array.from({ length: parts }, () => acc.init());
  pairs.forEach(([y, x], i) => {
    const a = accs[i % parts];
    if (a !== undefined) acc.update(a, { y, x });
  });
  const [first, ...rest] = accs;
  const merged = rest.reduce((a, b) => acc.merge(a, b), first ?? acc.init());
  const out: Record<string, unknown> = {};
  acc.result(merged, out);
  return out;
}

function expectClose(actual: Record<string, unknown>, expected: Record<string, number | null>): void {
  for (const fn of FNS) {
    const e = expected[fn];
    // a NaN from DuckDB must be replaced by the test with DataFusion's answer (sluice never says NaN)
    expect(Number.isNaN(e), `${fn}: DuckDB said NaN`).toBe(false);
    if (e === null || e === undefined) expect(actual[fn], fn).toBeNull();
    else {
      expect(typeof actual[fn], `${fn} is a number`).toBe('number'); // toBeCloseTo(0) accepts null
      expect(actual[fn] as number, fn).toBeCloseTo(e, Math.abs(e) > 1e6 ? 0 : 6);
    }
  }
}

describe('two-argument aggregates against DuckDB', () => {
  const small: Pair[] = [
    [3, 1],
    [7, 2],
    [null, 5],
    [1, null],
    [9, 4],
    [4, 4],
    [4, 6],
    [12, 8],
  ];
  const large = seededPairs(500, 7);

  it('skip pairs with a NULL on either side and equal DuckDB (8 and 500 pairs)', async () => {
    expectClose(sluiceTwoArg(small), await duckdbTwoArg(small));
    expectClose(sluiceTwoArg(large), await duckdbTwoArg(large));
  });

  it('merging partial states (3 and 7 accumulators) gives the same answer as DuckDB', async () => {
    const want = await duckdbTwoArg(large);
    expectClose(sluiceTwoArg(large, 3), want);
    expectClose(sluiceTwoArg(small, 7), await duckdbTwoArg(small));
  });

  it('no pairs (empty, or only NULL sides): NULL, regr_count 0, as DuckDB', async () => {
    const onlyNulls: Pair[] = [
      [null, 1],
      [2, null],
    ];
    for (const pairs of [[], onlyNulls]) {
      const want = await duckdbTwoArg(pairs);
      expect(want.regr_count).toBe(0);
      expectClose(sluiceTwoArg(pairs), want);
    }
  });

  it('one pair: covar_samp and intercept NULL as DuckDB; corr 0 and slope NULL as DataFusion (DuckDB: NaN)', async () => {
    const one: Pair[] = [[2, 5]];
    const want = await duckdbTwoArg(one);
    expect(want.covar_samp).toBeNull();
    expect([want.corr, want.regr_slope].every(Number.isNaN)).toBe(true);
    expect(want.regr_intercept).toBeNull();
    expectClose(sluiceTwoArg(one), { ...want, corr: 0, regr_slope: null });
  });

  it('constant x: r2 and intercept NULL as DuckDB; corr 0 and slope NULL as DataFusion (DuckDB: NaN)', async () => {
    const constX: Pair[] = [
      [1, 5],
      [2, 5],
      [4, 5],
    ];
    const want = await duckdbTwoArg(constX);
    expect(want.regr_r2).toBeNull();
    expect([want.corr, want.regr_slope].every(Number.isNaN)).toBe(true);
    expect(want.regr_intercept).toBeNull();
    expectClose(sluiceTwoArg(constX), { ...want, corr: 0, regr_slope: null });
  });

  it('constant y: slope 0 as DuckDB; regr_r2 NULL and corr 0 as DataFusion (DuckDB: 1 and NaN)', async () => {
    const constY: Pair[] = [
      [3, 1],
      [3, 2],
      [3, 7],
    ];
    const want = await duckdbTwoArg(constY);
    expect(want.regr_r2).toBe(1);
    expect(want.regr_slope).toBe(0);
    expect(Number.isNaN(want.corr)).toBe(true);
    expectClose(sluiceTwoArg(constY), { ...want, corr: 0, regr_r2: null });
  });
});

describe('bitwise aggregates, var and approx_median against DuckDB', () => {
  const fold = (
    fn: 'bit_and' | 'bit_or' | 'bit_xor' | 'var_samp' | 'approx_median',
    vs: (number | null)[],
  ) => {
    const st = stateAggregate(fn);
    return st.result(vs.reduce((s, v) => st.update(s, v, 0), st.init()));
  };
  const sets: (number | null)[][] = [
    [12, null, 10],
    [12, 3],
    [12, 10, -20],
    [2 ** 40, 1, 2 ** 40 + 7, -(2 ** 45)], // beyond 32 bits, where JavaScript's `&` would truncate
    [-1, -2, -4, 9_007_199_254_740_991],
    [null],
    [7, 7, 1, 300, -5, 42, 42, 8],
  ];
  const duck = async (vs: (number | null)[]) => {
    const values = vs.map((v) => `(${sqlNum(v, 'BIGINT')})`).join(', ');
    const [row] = await duckdbRows(
      `SELECT bit_and(v) AS bit_and, bit_or(v) AS bit_or, bit_xor(v) AS bit_xor, var_samp(v) AS var_samp,
         median(v)::DOUBLE AS approx_median FROM (VALUES ${values}) t(v)`,
    );
    return row ?? {};
  };

  it('fold 64-bit integers (negatives in two’s complement), ignore NULLs, NULL when empty', async () => {
    for (const vs of sets) {
      const want = await duck(vs);
      for (const fn of ['bit_and', 'bit_or', 'bit_xor'] as const) {
        const w = want[fn];
        expect(fold(fn, vs), `${fn}(${vs.join(',')})`).toBe(w === null ? null : Number(w));
      }
    }
  });

  it('var is var_samp and approx_median is the exact median, as DuckDB computes them', async () => {
    for (const vs of sets.filter((s) => s.every((v) => v === null || Math.abs(v) < 2 ** 40))) {
      const want = await duck(vs);
      const v = fold('var_samp', vs);
      if (want.var_samp === null) expect(v).toBeNull();
      else {
        expect(typeof v).toBe('number');
        expect(v as number).toBeCloseTo(Number(want.var_samp), 6);
      }
      const m = fold('approx_median', vs);
      expect(m === null ? null : Number(m)).toBe(
        want.approx_median === null ? null : Number(want.approx_median),
      );
    }
  });
});
