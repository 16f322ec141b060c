/** Counts of injected faults by kind, kept by the local stack's chaos injectors. */
export class FaultCounts {
  readonly #counts = new Map<string, number>();

  add(kind: string, n = 1): void {
    if (n > 0) this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + n);
  }

  get(kind: string): number {
    return this.#counts.get(kind) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  reset(): void {
    this.#counts.clear();
  }
}

/** A per-key call counter: the n-th decision at a key gets coordinate n, so draws never repeat. */
export class Ordinals {
  readonly #next = new Map<string, number>();

  next(key: string): number {
    const n = this.#next.get(key) ?? 0;
    this.#next.set(key, n + 1);
    return n;
  }

  reset(): void {
    this.#next.clear();
  }
}
