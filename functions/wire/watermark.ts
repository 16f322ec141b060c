/** Watermark bounds as JSON-safe numbers: ±8.64e15 ms is the range of a JS Date. */
export const WM_MAX = 8.64e15;
export const WM_MIN = -8.64e15;

export const isEos = (wm: number): boolean => wm >= WM_MAX;

/** Source stages: watermark = max event time seen − allowed delay; +∞ once end-of-stream is seen. */
export function sourceWatermark(srcMax: number, delayMs: number, eos: boolean): number {
  if (eos) return WM_MAX;
  if (srcMax <= WM_MIN) return WM_MIN;
  return Math.max(WM_MIN, srcMax - delayMs);
}

/** Edge stages: the minimum, over the expected producer shards, of the highest `w` seen from each. */
export function edgeWatermark(
  expected: readonly string[],
  highest: (producerKey: string) => number | undefined,
): number {
  if (expected.length === 0) return WM_MIN;
  let wm = WM_MAX;
  for (const key of expected) {
    const w = highest(key) ?? WM_MIN;
    if (w < wm) wm = w;
  }
  return wm;
}
