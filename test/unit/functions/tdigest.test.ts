import { describe, expect, it } from 'vitest';
import { percentileAggregate } from '../../../functions/operators/percentile-aggregate.ts';
import { digestValues, digestWeighted, estimateQuantile } from '../../../functions/operators/tdigest.ts';

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('t-digest (DataFusion tdigest.rs)', () => {
  // DataFusion's own test_int64_uniform / test_merge_unsorted_against_uniform_distro bounds: 1% relative error.
  it('estimates quantiles of 1..1000 and 1..100000 within 1%, in at most 100 centroids', () => {
    for (const n of [1_000, 100_000]) {
      const d = digestValues(range(1, n));
      expect(d.centroids.length).toBeLessThanOrEqual(100);
      for (const q of [0.1, 0.5, 0.9, 0.99]) {
        const got = estimateQuantile(d, q) as number;
        expect(Math.abs(got - q * n) / (q * n)).toBeLessThan(0.01);
      }
      expect(estimateQuantile(d, 0)).toBe(1);
      expect(estimateQuantile(d, 1)).toBe(n);
    }
  });

  it('keeps one centroid per value in small groups and interpolates between neighbours', () => {
    // rank 0.25 × 4 = 1 falls in the second centroid (20): 20 + (0 - 0.5) × (30 - 10) / 2 = 15.
    expect(estimateQuantile(digestValues([10, 20, 30, 40]), 0.25)).toBe(15);
    expect(estimateQuantile(digestValues([]), 0.5)).toBeNull();
    expect(estimateQuantile(digestValues([7]), 0.5)).toBe(7);
  });

  it('ranks a weighted digest by p × rows, as DataFusion counts rows and not weights', () => {
    // weights 1, 3: rank 0.5 × 2 = 1 lies in the second centroid's [1, 4): 2 + ((1 - 1) / 3 - 0.5) × 1, clamped to 1..2.
    expect(
      estimateQuantile(
        digestWeighted([
          { mean: 1, weight: 1 },
          { mean: 2, weight: 3 },
        ]),
        0.5,
      ),
    ).toBe(1.5);
  });
});

describe('approx_percentile_cont state', () => {
  it('gives the same result whatever the split of the rows into merged states', () => {
    const agg = percentileAggregate('approx_percentile_cont', 0.5, true);
    const values = range(1, 5_000).map((i) => (i * 7919) % 1013);
    const whole = values.reduce((s, v) => agg.update(s, v, 0), agg.init());
    const halves = [values.slice(0, 1234), values.slice(1234)].map((part) =>
      part.reduce((s, v) => agg.update(s, v, 0), agg.init()),
    );
    const merged = agg.merge(halves[0] ?? {}, halves[1] ?? {});
    expect(agg.result(merged)).toBe(agg.result(whole));
    expect(Number.isInteger(agg.result(whole))).toBe(true);
    expect(agg.update(agg.init(), null, 0)).toEqual({});
  });
});
