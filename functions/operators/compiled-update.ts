import type { AggregateFn } from '../../compiler/spec/index.ts';
import type { Acc } from './accumulators.ts';
import type { Row } from './types.ts';

const BASIC: ReadonlySet<AggregateFn> = new Set(['count', 'count_star', 'sum', 'avg', 'min', 'max']);

/**
 * A generated `update(acc, row)` for the basic aggregates, with the same two-slots-per-aggregate
 * layout and NULL rules as `createAccumulators` (accumulators.ts), minus its per-row loop and
 * switch. Returns undefined when an aggregate is not basic; callers then use the generic update.
 */
export function compileUpdate(
  aggs: readonly { readonly fn: AggregateFn; readonly arg: string | null }[],
): ((acc: Acc, row: Row, t: number) => void) | undefined {
  if (!aggs.every((a) => BASIC.has(a.fn))) return undefined;
  const lines = aggs.map((a, i) => {
    const j = 2 * i;
    if (a.fn === 'count_star' || a.arg === null) return a.fn === 'count_star' ? `acc[${j}]++;` : '';
    const v = `v${i}`;
    const read = `const ${v} = row[${JSON.stringify(a.arg)}] ?? null;`;
    switch (a.fn) {
      case 'count':
        return `${read} if (${v} !== null) acc[${j}]++;`;
      case 'sum':
      case 'avg':
        return `${read} if (${v} !== null) { acc[${j}] += ${v}; acc[${j + 1}]++; }`;
      case 'min':
        return `${read} if (${v} !== null && (acc[${j}] === null || ${v} < acc[${j}])) acc[${j}] = ${v};`;
      case 'max':
        return `${read} if (${v} !== null && (acc[${j}] === null || ${v} > acc[${j}])) acc[${j}] = ${v};`;
      default:
        return undefined;
    }
  });
  if (lines.some((l) => l === undefined)) return undefined;
  return new Function('acc', 'row', `"use strict"; ${lines.join('\n')}`) as (acc: Acc, row: Row) => void;
}
