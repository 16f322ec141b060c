/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/** The closest candidate within a distance proportional to the name's length, if any. */
export function closest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  const limit = Math.max(1, Math.floor(name.length / 3) + 1);
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDist && d <= limit && d < name.length) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** "did you mean `x`? available: a, b, c" */
export function suggestion(name: string, candidates: readonly string[], what: string): string {
  const near = closest(name, candidates);
  const list =
    candidates.length === 0 ? `no ${what}s are defined` : `available ${what}s: ${candidates.join(', ')}`;
  return near === null ? list : `did you mean \`${near}\`? ${list}`;
}
