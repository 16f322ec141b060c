import type { UpdatingJoinSpec } from '../../compiler/spec/index.ts';
import { WM_MIN } from '../wire/watermark.ts';
import { JoinRows } from './join-rows.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';

/** A stored row: the row, its event time, and (left rows) whether it has matched yet. */
type Entry = [row: Row, t: number, matched: 0 | 1];

interface Cell {
  left: Entry[];
  right: Entry[];
}

/** Persisted state of one key group: `[[keyJson, leftEntries, rightEntries], …]` sorted by key. */
type KgState = [string, Entry[], Entry[]][];

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/**
 * Updating (unwindowed) join with an event-time TTL, inner or left. Every row is kept per key until
 * the watermark passes its event time + TTL. Two rows with equal keys join when their event times
 * differ by at most the TTL: the pair is emitted when the second one arrives, with the later event
 * time. A left join emits a left row that never matched NULL-padded when it expires (event time =
 * its time + TTL), and a left row with a NULL key at once. Sources drop late rows, so no row older
 * than the watermark arrives and the output depends only on the inputs, not on arrival timing.
 */
export class UpdatingJoin implements Operator, KeyedState {
  private readonly byKg = new Map<number, Map<string, Cell>>();
  /** Earliest expiry (event time + TTL) per key group. */
  private readonly nextExpiry = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private readonly rows: JoinRows;
  private readonly ttl: number;
  private wm = WM_MIN;
  late = 0;

  constructor(
    spec: UpdatingJoinSpec,
    keyGroups: number,
    private readonly next: Emit,
  ) {
    this.rows = new JoinRows(spec, keyGroups);
    this.ttl = spec.ttlMs;
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
    if (r.nullKey) {
      if (r.side === 0 && this.rows.keepsUnmatchedLeft) this.next(this.rows.merge(r.row, null), t, undefined);
      return;
    }
    let cells = this.byKg.get(r.kg);
    if (cells === undefined) {
      cells = new Map();
      this.byKg.set(r.kg, cells);
    }
    let cell = cells.get(r.keyJson);
    if (cell === undefined) {
      cell = { left: [], right: [] };
      cells.set(r.keyJson, cell);
    }
    const entry: Entry = [r.row, t, 0];
    if (r.side === 0) {
      for (const [row, tr] of cell.right) {
        if (Math.abs(t - tr) > this.ttl) continue;
        const out = this.rows.matched(r.row, row);
        if (out === undefined) continue;
        entry[2] = 1;
        this.next(out, Math.max(t, tr), undefined);
      }
      cell.left.push(entry);
    } else {
      for (const l of cell.left) {
        if (Math.abs(t - l[1]) > this.ttl) continue;
        const out = this.rows.matched(l[0], r.row);
        if (out === undefined) continue;
        l[2] = 1;
        this.next(out, Math.max(t, l[1]), undefined);
      }
      cell.right.push(entry);
    }
    const exp = this.nextExpiry.get(r.kg);
    if (exp === undefined || t + this.ttl < exp) this.nextExpiry.set(r.kg, t + this.ttl);
    this.dirty.add(r.kg);
  }

  /** Expires rows with time + TTL < watermark, in key-group then key order. */
  advance(wm: number): void {
    if (wm <= this.wm) return;
    this.wm = wm;
    const due = [...this.nextExpiry].filter(([, exp]) => exp < wm).map(([kg]) => kg);
    due.sort((a, b) => a - b);
    for (const kg of due) {
      const cells = this.byKg.get(kg);
      this.dirty.add(kg);
      if (cells === undefined) {
        this.nextExpiry.delete(kg);
        continue;
      }
      let min = Number.POSITIVE_INFINITY;
      for (const [keyJson, cell] of [...cells].sort(byKey)) {
        const keep = (e: Entry): boolean => e[1] + this.ttl >= wm;
        for (const e of cell.left)
          if (!keep(e) && e[2] === 0 && this.rows.keepsUnmatchedLeft)
            this.next(this.rows.merge(e[0], null), e[1] + this.ttl, undefined);
        cell.left = cell.left.filter(keep);
        cell.right = cell.right.filter(keep);
        if (cell.left.length === 0 && cell.right.length === 0) cells.delete(keyJson);
        for (const e of cell.left) min = Math.min(min, e[1] + this.ttl);
        for (const e of cell.right) min = Math.min(min, e[1] + this.ttl);
      }
      if (cells.size === 0) {
        this.byKg.delete(kg);
        this.nextExpiry.delete(kg);
      } else this.nextExpiry.set(kg, min);
    }
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
    const cells = this.byKg.get(kg);
    if (cells === undefined || cells.size === 0) return undefined;
    return [...cells].sort(byKey).map(([k, c]) => [k, c.left, c.right]);
  }

  importKeyGroup(kg: number, state: unknown): void {
    this.byKg.delete(kg);
    this.nextExpiry.delete(kg);
    if (state === undefined || state === null) return;
    const cells = new Map<string, Cell>();
    let min = Number.POSITIVE_INFINITY;
    for (const [k, left, right] of state as KgState) {
      cells.set(k, { left, right });
      for (const e of [...left, ...right]) min = Math.min(min, e[1] + this.ttl);
    }
    if (cells.size === 0) return;
    this.byKg.set(kg, cells);
    this.nextExpiry.set(kg, min);
  }

  /** Restores the watermark a committed checkpoint recorded (no expiry: it already happened). */
  restoreWatermark(wm: number): void {
    this.wm = wm;
  }
}
