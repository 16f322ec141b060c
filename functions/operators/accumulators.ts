import { type AggregateFn, isExtendedAggregate } from '../../compiler/spec/index.ts';
import { stateAggregate } from './aggregate-states.ts';
import type { Row } from './types.ts';

/**
 * Aggregate accumulators, two JSON-able slots per aggregate in one flat array:
 * count/count_star: [n, 0]; sum/avg: [sum, nonNullCount]; min/max: [value|null, 0]; the extended
 * aggregates (aggregate-states.ts): [state, 0].
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
      acc[2 * i] = isExtendedAggregate(fn)
        ? stateAggregate(fn).init()
        : fn === 'min' || fn === 'max'
          ? null
          : 0;
      acc[2 * i + 1] = 0;
    }
    return acc;
  };

  const update = (acc: Acc, row: Row, t = 0): void => {
    for (let i = 0; i < n; i++) {
      const a = aggs[i]!;
      const j = 2 * i;
      if (a.fn === 'count_star') {
        acc[j] = (acc[j] as number) + 1;
        continue;
      }
      const v = a.arg === null ? null : (row[a.arg] ?? null);
      if (isExtendedAggregate(a.fn)) {
        acc[j] = stateAggregate(a.fn).update(acc[j], v, t);
        continue;
      }
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
        default:
          throw new Error(`unknown aggregate ${a.fn}`);
      }
    }
  };

  /** Folds `b` into `a` (session windows merging); returns `a`. */
  const merge = (a: Acc, b: Acc): Acc => {
    for (let i = 0; i < n; i++) {
      const fn = aggs[i]!.fn;
      const j = 2 * i;
      if (isExtendedAggregate(fn)) {
        a[j] = stateAggregate(fn).merge(a[j], b[j]);
        continue;
      }
      const x = a[j];
      const y = b[j];
      if (fn === 'min' || fn === 'max') {
        if (
          x === null ||
          (y !== null && (fn === 'min' ? (y as number) < (x as number) : (y as number) > (x as number)))
        )
          a[j] = y;
      } else {
        a[j] = (x as number) + (y as number);
        a[j + 1] = (a[j + 1] as number) + (b[j + 1] as number);
      }
    }
    return a;
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
        default:
          if (!isExtendedAggregate(a.fn)) throw new Error(`unknown aggregate ${a.fn}`);
          out[a.name] = stateAggregate(a.fn).result(acc[j]);
      }
    }
  };

  return { init, update, merge, result };
}
