import { describe, expect, it } from 'vitest';
import {
  HLL_SPARSE_MAX,
  hllAdd,
  hllCount,
  hllInit,
  hllMerge,
} from '../../../functions/operators/hyperloglog.ts';

const fill = (from: number, to: number) => {
  let s = hllInit();
  for (let i = from; i < to; i++) s = hllAdd(s, JSON.stringify(`v${i}`));
  return s;
};

describe('approx_distinct (HyperLogLog)', () => {
  it('is exact while sparse, and ignores duplicates', () => {
    let s = fill(0, 500);
    for (let i = 0; i < 500; i++) s = hllAdd(s, JSON.stringify(`v${i}`));
    expect(hllCount(s)).toBe(500);
    expect(hllCount(fill(0, HLL_SPARSE_MAX))).toBe(HLL_SPARSE_MAX);
  });

  it('estimates large cardinalities within 5% (standard error about 1.6%)', () => {
    for (const n of [5_000, 50_000, 200_000]) {
      const est = hllCount(fill(0, n));
      expect(Math.abs(est - n) / n).toBeLessThan(0.05);
    }
  });

  it('merging is order-independent and equals adding everything to one sketch', () => {
    const whole = hllCount(fill(0, 30_000));
    const a = fill(0, 20_000);
    const b = fill(10_000, 30_000);
    const ab = hllCount(hllMerge(JSON.parse(JSON.stringify(a)), b));
    const ba = hllCount(hllMerge(b, JSON.parse(JSON.stringify(a))));
    expect(ab).toBe(whole);
    expect(ba).toBe(whole);
    expect(hllCount(hllMerge(fill(0, 100), fill(50, 150)))).toBe(150);
  });
});
