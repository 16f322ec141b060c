import type { WindowJoinSpec } from '../../compiler/spec/index.ts';
import { WM_MIN } from '../wire/watermark.ts';
import { canonicalOrder, JoinRows } from './join-rows.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';

/** Both inputs' rows of one key in one window. */
interface Cell {
  readonly left: Row[];
  readonly right: Row[];
}

/** Persisted state of one key group: `[[windowStart, [[keyJson, [leftRows, rightRows]], …]], …]`. */
type KgState = [number, [string, [Row[], Row[]]][]][];

/**
 * Windowed join of two inputs on the same tumbling window. Each row falls into the window of its
 * event time and waits there; when the watermark reaches the window's end, the window fires: keys
 * in JSON order, and per key each input's rows in a canonical (JSON text) order, so pairs and their
 * ids `<windowStart>:<keyJson>:<n>` never depend on arrival order or batch boundaries. Inner pairs
 * are emitted left-major; a left/full join then adds each unmatched left row NULL-padded, a
 * right/full join each unmatched right row. Output event time is the window end − 1. Rows with
 * t < watermark are late: dropped and counted.
 */
export class WindowJoin implements Operator, KeyedState {
  private readonly byKg = new Map<number, Map<number, Map<string, Cell>>>();
  private readonly pending = new Map<number, Set<number>>();
  private readonly dirty = new Set<number>();
  private readonly rows: JoinRows;
  private readonly size: number;
  private wm = WM_MIN;
  late = 0;

  constructor(
    spec: WindowJoinSpec,
    keyGroups: number,
    private readonly next: Emit,
  ) {
    this.rows = new JoinRows(spec, keyGroups);
    this.size = spec.sizeMs;
  }

  get state(): KeyedState {
    return this;
  }

  push(input: Row, t: number): void {
    if (t < this.wm) {
      this.late++;
      return;
    }
    const r = this.rows.read(input);
    const start = Math.floor(t / this.size) * this.size;
    const cell = this.cell(r.kg, start, r.keyJson);
    (r.side === 0 ? cell.left : cell.right).push(r.row);
    this.dirty.add(r.kg);
  }

  private cell(kg: number, start: number, keyJson: string): Cell {
    let windows = this.byKg.get(kg);
    if (windows === undefined) {
      windows = new Map();
      this.byKg.set(kg, windows);
    }
    let cells = windows.get(start);
    if (cells === undefined) {
      cells = new Map();
      windows.set(start, cells);
      this.markPending(start, kg);
    }
    let cell = cells.get(keyJson);
    if (cell === undefined) {
      cell = { left: [], right: [] };
      cells.set(keyJson, cell);
    }
    return cell;
  }

  private markPending(start: number, kg: number): void {
    let kgs = this.pending.get(start);
    if (kgs === undefined) {
      kgs = new Set();
      this.pending.set(start, kgs);
    }
    kgs.add(kg);
  }

  advance(wm: number): void {
    if (wm <= this.wm) return;
    this.wm = wm;
    const due = [...this.pending.keys()].filter((s) => s + this.size <= wm).sort((a, b) => a - b);
    for (const start of due) {
      const fired: [string, Cell][] = [];
      for (const kg of this.pending.get(start) ?? []) {
        const windows = this.byKg.get(kg);
        const cells = windows?.get(start);
        if (windows === undefined || cells === undefined) continue;
        fired.push(...cells);
        windows.delete(start);
        if (windows.size === 0) this.byKg.delete(kg);
        this.dirty.add(kg);
      }
      this.pending.delete(start);
      fired.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [keyJson, cell] of fired) this.fire(start, keyJson, cell);
    }
  }

  private fire(start: number, keyJson: string, cell: Cell): void {
    const t = start + this.size - 1;
    let n = 0;
    const emit = (row: Row) => this.next(row, t, `${start}:${keyJson}:${n++}`);
    const lefts = canonicalOrder(cell.left);
    const rights = canonicalOrder(cell.right);
    const nullKey = (JSON.parse(keyJson) as unknown[]).some((v) => v === null);
    const rightMatched = new Array<boolean>(rights.length).fill(false);
    for (const l of lefts) {
      let any = false;
      if (!nullKey)
        rights.forEach((r, j) => {
          const out = this.rows.matched(l, r);
          if (out === undefined) return;
          any = true;
          rightMatched[j] = true;
          emit(out);
        });
      if (!any && this.rows.keepsUnmatchedLeft) emit(this.rows.merge(l, null));
    }
    if (this.rows.keepsUnmatchedRight)
      rights.forEach((r, j) => {
        if (!rightMatched[j]) emit(this.rows.merge(null, r));
      });
  }

  dirtyKeyGroups(): Iterable<number> {
    return this.dirty;
  }

  clearDirty(): void {
    this.dirty.clear();
  }

  keyGroups(): Iterable<number> {
    return this.byKg.keys();
  }

  exportKeyGroup(kg: number): KgState | undefined {
    const windows = this.byKg.get(kg);
    if (windows === undefined || windows.size === 0) return undefined;
    return [...windows]
      .sort((a, b) => a[0] - b[0])
      .map(([start, cells]) => [start, [...cells].map(([k, c]) => [k, [c.left, c.right]])]);
  }

  importKeyGroup(kg: number, state: unknown): void {
    const old = this.byKg.get(kg);
    if (old !== undefined) {
      for (const start of old.keys()) {
        const kgs = this.pending.get(start);
        kgs?.delete(kg);
        if (kgs?.size === 0) this.pending.delete(start);
      }
      this.byKg.delete(kg);
    }
    if (state === undefined || state === null) return;
    const windows = new Map<number, Map<string, Cell>>();
    for (const [start, cells] of state as KgState) {
      windows.set(start, new Map(cells.map(([k, [left, right]]) => [k, { left, right }])));
      this.markPending(start, kg);
    }
    if (windows.size > 0) this.byKg.set(kg, windows);
  }

  /** Restores the watermark a committed checkpoint recorded (no firing: it already happened). */
  restoreWatermark(wm: number): void {
    this.wm = wm;
  }
}
