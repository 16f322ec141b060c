/**
 * The deterministic randomness of `sluice run --chaos SEED`: a hash of the seed and a decision's
 * coordinates mapped to [0, 1). The same seed and coordinates always give the same number, in the
 * functions and in the local stack alike, so a schedule is a pure function of the seed.
 */
export function chaosUnit(seed: number, ...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= seed >>> 0;
  h = Math.imul(h, 0x01000193);
  // murmur3's finalizer spreads the low-entropy FNV state over all 32 bits
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** An integer in [lo, hi] drawn like chaosUnit. */
export function chaosInt(
  seed: number,
  lo: number,
  hi: number,
  ...parts: readonly (string | number)[]
): number {
  return lo + Math.min(hi - lo, Math.floor(chaosUnit(seed, ...parts) * (hi - lo + 1)));
}

/**
 * Which of `kinds` a draw `u` in [0, 1) picks: each kind owns the next `rates[kind]` of the unit
 * interval, in order; past them all, none (undefined).
 */
export function pickFault<K extends string>(
  u: number,
  rates: Readonly<Record<K, number>>,
  kinds: readonly K[],
): K | undefined {
  let edge = 0;
  for (const kind of kinds) {
    edge += rates[kind];
    if (u < edge) return kind;
  }
  return undefined;
}
