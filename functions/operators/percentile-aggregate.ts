import type { PercentileAggregateFn } from '../../compiler/spec/index.ts';
import type { StateAggregate } from './aggregate-states.ts';
import { type Centroid, digestValues, digestWeighted, estimateQuantile } from './tdigest.ts';

/** `"x|w"` → how many rows had value x and weight w (w = 1 without weights). */
type Counts = Record<string, number>;

/** The rows of a state, one centroid per row, sorted by value and then weight (deterministic ties). */
function rowsOf(s: Counts): Centroid[] {
  const rows: Centroid[] = [];
  for (const [key, n] of Object.entries(s)) {
    const bar = key.indexOf('|');
    const mean = Number(key.slice(0, bar));
    const weight = Number(key.slice(bar + 1));
    for (let i = 0; i < n; i++) rows.push({ mean, weight });
  }
  return rows.sort((a, b) => a.mean - b.mean || a.weight - b.weight);
}

/**
 * approx_percentile_cont[_with_weight] (compiler/spec/aggregate-spec.ts): the state counts each
 * (value, weight) exactly, so it merges and replays exactly; the result is DataFusion's t-digest
 * of the whole group (tdigest.ts) at `percentile`, truncated toward zero when the column is an
 * integer (DataFusion's `q as i64`). The weighted variant sees `[x, w]`, or null when either is NULL.
 */
export function percentileAggregate(
  fn: PercentileAggregateFn,
  percentile: number,
  integer: boolean,
): StateAggregate<Counts> {
  const weighted = fn === 'approx_percentile_cont_with_weight';
  return {
    init: () => ({}),
    update(s, v) {
      if (v === null) return s;
      const key = weighted
        ? `${(v as [number, number])[0]}|${(v as [number, number])[1]}`
        : `${v as number}|1`;
      s[key] = (s[key] ?? 0) + 1;
      return s;
    },
    merge(a, b) {
      for (const [k, n] of Object.entries(b)) a[k] = (a[k] ?? 0) + n;
      return a;
    },
    result(s) {
      const rows = rowsOf(s);
      const digest = weighted ? digestWeighted(rows) : digestValues(rows.map((r) => r.mean));
      const q = estimateQuantile(digest, percentile);
      return q === null ? null : integer ? Math.trunc(q) : q;
    },
  };
}
