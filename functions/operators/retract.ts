import { RETRACTABLE_AGGREGATES } from '../../compiler/spec/index.ts';
import type { Acc, AggregateDef } from './accumulators.ts';
import type { Row } from './types.ts';

/**
 * Takes `row` back out of `acc` (the slots of accumulators.ts): count/count_star decrement, sum/avg
 * subtract the value and decrement the non-NULL count, count_distinct decrements the value's row
 * count and forgets it at zero. NULL values were never counted, so they are not taken back.
 */
export function createRetraction(aggs: readonly AggregateDef[]): (acc: Acc, row: Row) => void {
  for (const a of aggs)
    if (!RETRACTABLE_AGGREGATES.includes(a.fn)) throw new Error(`aggregate ${a.fn} cannot retract a row`);
  return (acc, row) => {
    aggs.forEach((a, i) => {
      const j = 2 * i;
      if (a.fn === 'count_star') {
        acc[j] = (acc[j] as number) - 1;
        return;
      }
      const v = a.arg === null ? null : (row[a.arg] ?? null);
      if (v === null) return;
      if (a.fn === 'count_distinct') {
        const s = acc[j] as Record<string, number>;
        const k = JSON.stringify(v);
        const n = (s[k] ?? 0) - 1;
        if (n > 0) s[k] = n;
        else delete s[k];
      } else if (a.fn === 'count') acc[j] = (acc[j] as number) - 1;
      else {
        acc[j] = (acc[j] as number) - (v as number);
        acc[j + 1] = (acc[j + 1] as number) - 1;
      }
    });
  };
}
