import type { AggregateFn } from '../../compiler/spec/index.ts';
import type { Row } from './types.ts';

/**
 * Aggregate accumulators, two JSON-able slots per aggregate in one flat array:
 * count/count_star: [n, 0]; sum/avg: [sum, nonNullCount]; min/max: [value|null, 0].
 * NULL inputs are ignored, as in SQL; sum/avg/min/max of no values is NULL.
 */
export interface AggregateDef {
  readonly name: string;
  readonly fn: AggregateFn;
  readonly arg: string | null;
}

export type Acc = unknown[];

export function createAccumulators(aggs: readonly AggregateDef[]) {
  const n = aggs.length;
  const init = (): Acc => {
    const acc: Acc = new Array(n * 2);
    for (let i = 0; i < n; i++) {
      const fn = aggs[i]!.fn;
      acc[2 * i] = fn === 'min' || fn === 'max' ? null : 0;
      acc[2 * i + 1] = 0;
    }
    return acc;
  };

  const update = (acc: Acc, row: Row): void => {
    for (let i = 0; i < n; i++) {
      const a = aggs[i]!;
      const j = 2 * i;
      if (a.fn === 'count_star') {
        acc[j] = (acc[j] as number) + 1;
        continue;
      }
      const v = a.arg === null ? null : (row[a.arg] ?? null);
      if (v === null) continue;
      switch (a.fn) {
        case 'count':
          acc[j] = (acc[j] as number) + 1;
          break;
        case 'sum':
        case 'avg':
          acc[j] = (acc[j] as number) + (v as number);
          acc[j + 1] = (acc[j + 1] as number) + 1;
          break;
        case 'min':
          if (acc[j] === null || (v as number) < (acc[j] as number)) acc[j] = v;
          break;
        case 'max':
          if (acc[j] === null || (v as number) > (acc[j] as number)) acc[j] = v;
          break;
        default: {
          const never: never = a.fn;
          throw new Error(`unknown aggregate ${String(never)}`);
        }
      }
    }
  };

  const result = (acc: Acc, out: Row): void => {
    for (let i = 0; i < n; i++) {
      const a = aggs[i]!;
      const j = 2 * i;
      switch (a.fn) {
        case 'count':
        case 'count_star':
        case 'min':
        case 'max':
          out[a.name] = acc[j];
          break;
        case 'sum':
          out[a.name] = acc[j + 1] === 0 ? null : acc[j];
          break;
        case 'avg':
          out[a.name] = acc[j + 1] === 0 ? null : (acc[j] as number) / (acc[j + 1] as number);
          break;
        default: {
          const never: never = a.fn;
          throw new Error(`unknown aggregate ${String(never)}`);
        }
      }
    }
  };

  return { init, update, result };
}
