import { byKey, type EntryLayout, KeyGroupState, pairLayout } from './key-group-state.ts';

/**
 * Key-group state of a fixed-window operator: key group → window start → key JSON → V, persisted
 * as `[[windowStart, [cell, …]], …]` (a cell is `[keyJson, value]` unless `cellLayout` says
 * otherwise), plus an index of the key groups holding each open window, so that firing visits
 * only the windows that are due.
 */
export class WindowState<V> {
  readonly groups: KeyGroupState<number, Map<string, V>>;
  /** Window start → key groups holding that window. */
  private readonly pending = new Map<number, Set<number>>();

  constructor(cellLayout: EntryLayout<string, V> = pairLayout()) {
    this.groups = new KeyGroupState<number, Map<string, V>>(
      {
        save: (start, cells) => [start, [...cells].map(([k, v]) => cellLayout.save(k, v))],
        load: (entry) => {
          const [start, cells] = entry as [number, unknown[]];
          return [start, new Map(cells.map((c) => cellLayout.load(c)))];
        },
      },
      {
        dropped: (kg, old) => {
          for (const start of old?.keys() ?? []) {
            const kgs = this.pending.get(start);
            kgs?.delete(kg);
            if (kgs?.size === 0) this.pending.delete(start);
          }
        },
        loaded: (kg, windows) => {
          for (const start of windows.keys()) this.markPending(start, kg);
        },
      },
    );
  }

  /** The cells of one window of a key group, created empty when absent. */
  cells(kg: number, start: number): Map<string, V> {
    const windows = this.groups.open(kg);
    let cells = windows.get(start);
    if (cells === undefined) {
      cells = new Map();
      windows.set(start, cells);
      this.markPending(start, kg);
    }
    return cells;
  }

  private markPending(start: number, kg: number): void {
    let kgs = this.pending.get(start);
    if (kgs === undefined) {
      kgs = new Set();
      this.pending.set(start, kgs);
    }
    kgs.add(kg);
  }

  /**
   * Removes every window of length `size` that the watermark `wm` has reached and hands each to
   * `fire`, in window-start order, with its cells from all key groups sorted by key JSON. Each
   * window leaves the state before it fires; its key groups are marked dirty.
   */
  fireDue(wm: number, size: number, fire: (start: number, cells: [string, V][]) => void): void {
    const due: number[] = [];
    for (const start of this.pending.keys()) if (start + size <= wm) due.push(start);
    if (due.length === 0) return;
    due.sort((a, b) => a - b);
    for (const start of due) {
      const fired: [string, V][] = [];
      for (const kg of this.pending.get(start) ?? []) {
        const windows = this.groups.get(kg);
        const cells = windows?.get(start);
        if (windows === undefined || cells === undefined) continue;
        for (const cell of cells) fired.push(cell);
        windows.delete(start);
        if (windows.size === 0) this.groups.delete(kg);
        this.groups.markDirty(kg);
      }
      this.pending.delete(start);
      fire(start, fired.sort(byKey));
    }
  }
}
