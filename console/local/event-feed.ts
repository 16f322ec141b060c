/** A buffered, append-only feed that any number of readers can follow from the start (for SSE). */
export class EventFeed<T> {
  private readonly items: T[] = [];
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly max = 5_000) {}

  /** Appends; returns false once the feed holds `max` items (the item is dropped). */
  push(item: T): boolean {
    if (this.closed || this.items.length >= this.max) return false;
    this.items.push(item);
    this.wake();
    return true;
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  get size(): number {
    return this.items.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Every item from the first, then new ones as they come, until the feed closes. */
  async *follow(signal?: AbortSignal): AsyncGenerator<T> {
    let i = 0;
    for (;;) {
      while (i < this.items.length) yield this.items[i++] as T;
      if (this.closed || signal?.aborted) return;
      await new Promise<void>((r) => {
        this.waiters.push(r);
        signal?.addEventListener('abort', () => r(), { once: true });
      });
    }
  }
}
