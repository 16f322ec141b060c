/**
 * DataFusion's t-digest (datafusion-functions-aggregate-common's `tdigest.rs`, itself after Folly's),
 * the sketch behind Arroyo's approx_percentile_cont: the same compression (scale function k → q,
 * at most `maxSize` centroids) and the same quantile estimate (interpolation between neighbouring
 * centroids, clamped to them), so a group digested at once gives DataFusion's answer.
 */
export interface Centroid {
  mean: number;
  weight: number;
}

export interface Digest {
  readonly centroids: readonly Centroid[];
  /** Rows digested (for the weighted variant: rows, not the sum of weights, as in DataFusion). */
  readonly count: number;
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_MAX_SIZE = 100;

function kToQ(k: number, d: number): number {
  const x = k / d;
  return x >= 0.5 ? 1 - 2 * (1 - x) * (1 - x) : 2 * x * x;
}

/**
 * Compresses centroids sorted by mean. `firstK` is where the scale function starts: DataFusion's
 * `merge_sorted_f64` (raw values) starts its second limit at k = 2, `merge_digests` (weighted
 * centroids) repeats k = 1 once.
 */
function compress(sorted: readonly Centroid[], count: number, maxSize: number, firstK: number): Centroid[] {
  const first = sorted[0];
  if (first === undefined) return [];
  const out: Centroid[] = [];
  let k = firstK;
  let limit = kToQ(1, maxSize) * count;
  let curr: Centroid = { ...first };
  let weightSoFar = curr.weight;
  let sums = 0;
  let weights = 0;
  const close = (): void => {
    const sum = sums + curr.weight * curr.mean;
    curr.weight += weights;
    curr.mean = sum / curr.weight;
    out.push(curr);
  };
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i] as Centroid;
    weightSoFar += next.weight;
    if (weightSoFar <= limit) {
      sums += next.mean * next.weight;
      weights += next.weight;
    } else {
      close();
      sums = 0;
      weights = 0;
      limit = kToQ(k, maxSize) * count;
      k++;
      curr = { ...next };
    }
  }
  close();
  return out.sort((a, b) => a.mean - b.mean);
}

/** The digest of sorted raw values (each of weight 1), as DataFusion's `merge_sorted_f64`. */
export function digestValues(sorted: readonly number[], maxSize = DEFAULT_MAX_SIZE): Digest {
  const centroids = compress(
    sorted.map((mean) => ({ mean, weight: 1 })),
    sorted.length,
    maxSize,
    2,
  );
  return { centroids, count: sorted.length, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/** The digest of one weighted centroid per row (sorted by mean), as DataFusion's `merge_digests`. */
export function digestWeighted(sorted: readonly Centroid[], maxSize = DEFAULT_MAX_SIZE): Digest {
  return {
    centroids: compress(sorted, sorted.length, maxSize, 1),
    count: sorted.length,
    min: sorted[0]?.mean ?? Number.NaN,
    max: sorted.at(-1)?.mean ?? Number.NaN,
  };
}

/** The value at quantile `q`, DataFusion's `estimate_quantile`; null for an empty digest. */
export function estimateQuantile(d: Digest, q: number): number | null {
  const cs = d.centroids;
  if (cs.length === 0) return null;
  if (q >= 1) return d.max;
  if (q <= 0) return d.min;
  const rank = q * d.count;
  let pos: number;
  let t: number;
  if (q > 0.5) {
    pos = 0;
    t = d.count;
    for (let k = cs.length - 1; k >= 0; k--) {
      t -= (cs[k] as Centroid).weight;
      if (rank >= t) {
        pos = k;
        break;
      }
    }
  } else {
    pos = cs.length - 1;
    t = 0;
    for (let k = 0; k < cs.length; k++) {
      const w = (cs[k] as Centroid).weight;
      if (rank < t + w) {
        pos = k;
        break;
      }
      t += w;
    }
  }
  const mean = (i: number): number => (cs[i] as Centroid).mean;
  let delta = 0;
  let min = d.min;
  let max = d.max;
  if (cs.length > 1) {
    if (pos === 0) {
      delta = mean(1) - mean(0);
      max = mean(1);
    } else if (pos === cs.length - 1) {
      delta = mean(pos) - mean(pos - 1);
      min = mean(pos - 1);
    } else {
      delta = (mean(pos + 1) - mean(pos - 1)) / 2;
      min = mean(pos - 1);
      max = mean(pos + 1);
    }
  }
  const value = mean(pos) + ((rank - t) / (cs[pos] as Centroid).weight - 0.5) * delta;
  return Number.isNaN(min) || Number.isNaN(max) ? value : Math.min(Math.max(value, min), max);
}
