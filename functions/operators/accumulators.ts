import { type AggregateFn, isExtendedAggregate, isPercentileAggregate } from '../../compiler/spec/index.ts';
import { type StateAggregate, stateAggregate } from './aggregate-states.ts';
import { percentileAggregate } from './percentile-aggregate.ts';
import type { Row } from './types.ts';
import { udafAggregate } from './udaf.ts';

/**
 * Aggregate accumulators, two JSON-able slots per aggregate in one flat array:
 * count/count_star: [n, 0]; sum/avg: [sum, nonNullCount]; min/max: [value|null, 0]; the extended
 * aggregates (aggregate-states.ts) and aggregate UDFs (functions/udf/udaf.ts): [state, 0]; a
 * two-argument aggregate's state is updated with the pair `[arg, arg2]` (null if either is NULL).
 * NULL inputs are ignored, as in SQL; sum/avg/min/max of no values is NULL.
 */
export interface AggregateDef {
  readonly name: string;
  readonly fn: AggregateFn;
  readonly arg: string | null;
  /** The second column of a two-argument aggregate: the state then sees `[arg, arg2]`, or null. */
  readonly arg2?: string | undefined;
  /** The UDF id of a `udaf`. */
  readonly udf?: string | undefined;
  /** The percentile of approx_percentile_cont[_with_weight]. */
  readonly percentile?: number | undefined;
  /** The result's SQL type (the percentiles truncate an integer column's result). */
  readonly type?: string;
}

export type Acc = unknown[];

/** The JSON-state accumulator of an extended aggregate or aggregate UDF; undefined for the basic ones. */
function stateOf(a: AggregateDef): StateAggregate<unknown> | undefined {
  if (a.fn === 'udaf') {
    if (a.udf === undefined) throw new Error(`aggregate ${a.name}: udaf without a UDF id`);
    return udafAggregate(a.udf) as StateAggregate<unknown>;
  }
  if (isPercentileAggregate(a.fn))
    return percentileAggregate(a.fn, a.percentile ?? 0.5, a.type === 'int') as StateAggregate<unknown>;
  return isExtendedAggregate(a.fn) ? stateAggregate(a.fn) : undefined;
}

export function createAccumulators(aggs: readonly AggregateDef[]) {
  const n = aggs.length;
  const states = aggs.map(stateOf);
  const init = (): Acc => {
    const acc: Acc = new Array(n * 2);
    for (let i = 0; i < n; i++) {
      const fn = aggs[i]!.fn;
      const st = states[i];
      acc[2 * i] = st !== undefined ? st.init() : fn === 'min' || fn === 'max' ? null : 0;
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
      const st = states[i];
      if (a.arg2 !== undefined && st !== undefined) {
        const w = row[a.arg2] ?? null;
        acc[j] = st.update(acc[j], v === null || w === null ? null : [v, w], t);
        continue;
      }
      if (st !== undefined) {
        acc[j] = st.update(acc[j], v, t);
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
      const st = states[i];
      if (st !== undefined) {
        a[j] = st.merge(a[j], b[j]);
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
        default: {
          const st = states[i];
          if (st === undefined) throw new Error(`unknown aggregate ${a.fn}`);
          out[a.name] = st.result(acc[j]);
        }
      }
    }
  };

  return { init, update, merge, result };
}
