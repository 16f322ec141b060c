import type { TopNSpec } from '../../compiler/spec/index.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { WM_MIN } from '../wire/watermark.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';

/** One partition (window + partition keys): its window end and its rows with their event times. */
type Part = [end: number, rows: [Row, number][]];

/** Persisted state of one key group: `[[partitionJson, part], …]` sorted by partition. */
type KgState = [string, Part][];

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** SQL ordering of two non-null values of one column type. */
function cmpValue(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Top-N per window partition (`row_number`/`rank`/`dense_rank() OVER (PARTITION BY window, …
 * ORDER BY …)`). Rows are buffered per partition until the watermark reaches the partition's window
 * end (upstream window results all have event time end − 1, so they have all arrived by then).
 * Then the partition is sorted by the ORDER BY columns, ties broken by the whole row's JSON text, so
 * the order is total: row_number is deterministic even for tied ORDER BY values. Partitions fire in
 * (window end, partition json) order; each row gets id `<partitionJson>:<n>`.
 */
export class TopN implements Operator, KeyedState {
  private readonly byKg = new Map<number, Map<string, Part>>();
  private readonly minEnd = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private wm = WM_MIN;
  late = 0;

  constructor(
    private readonly spec: TopNSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {}

  get state(): KeyedState {
    return this;
  }

  push(row: Row, t: number): void {
    const end = row[this.spec.windowEnd];
    if (typeof end !== 'number' || end <= this.wm) {
      this.late++;
      return;
    }
    const partJson = JSON.stringify(this.spec.partitionBy.map((c) => row[c] ?? null));
    const kg = keyGroupOfJson(partJson, this.keyGroupCount);
    let parts = this.byKg.get(kg);
    if (parts === undefined) {
      parts = new Map();
      this.byKg.set(kg, parts);
    }
    let part = parts.get(partJson);
    if (part === undefined) {
      part = [end, []];
      parts.set(partJson, part);
    }
    part[1].push([row, t]);
    const min = this.minEnd.get(kg);
    if (min === undefined || end < min) this.minEnd.set(kg, end);
    this.dirty.add(kg);
  }

  /** Orders two rows: ORDER BY columns (NULLs per nullsFirst), then the row's JSON text. */
  private compare(a: Row, b: Row): number {
    for (const o of this.spec.orderBy) {
      const x = a[o.column] ?? null;
      const y = b[o.column] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === o.nullsFirst ? -1 : 1;
      }
      const c = cmpValue(x, y);
      if (c !== 0) return o.desc ? -c : c;
    }
    const ja = JSON.stringify(a);
    const jb = JSON.stringify(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  }

  /** True if a and b tie on every ORDER BY column (rank/dense_rank give them one rank). */
  private peers(a: Row, b: Row): boolean {
    return this.spec.orderBy.every((o) => {
      const x = a[o.column] ?? null;
      const y = b[o.column] ?? null;
      return x === null || y === null ? x === y : cmpValue(x, y) === 0;
    });
  }

  advance(wm: number): void {
    if (wm <= this.wm) return;
    this.wm = wm;
    const fired: [string, Part][] = [];
    for (const [kg, min] of [...this.minEnd]) {
      if (min > wm) continue;
      const parts = this.byKg.get(kg)!;
      let next = Number.POSITIVE_INFINITY;
      for (const [partJson, part] of [...parts]) {
        if (part[0] <= wm) {
          fired.push([partJson, part]);
          parts.delete(partJson);
        } else next = Math.min(next, part[0]);
      }
      if (parts.size === 0) {
        this.byKg.delete(kg);
        this.minEnd.delete(kg);
      } else this.minEnd.set(kg, next);
      this.dirty.add(kg);
    }
    fired.sort((a, b) => a[1][0] - b[1][0] || byKey(a, b));
    for (const [partJson, [, rows]] of fired) this.emitPartition(partJson, rows);
  }

  private emitPartition(partJson: string, rows: [Row, number][]): void {
    rows.sort((a, b) => this.compare(a[0], b[0]));
    const { fn, limit, rankColumn } = this.spec;
    let rank = 0;
    let dense = 0;
    rows.forEach(([row, t], i) => {
      const prev = rows[i - 1]?.[0];
      const tied = prev !== undefined && this.peers(prev, row);
      if (!tied) {
        rank = i + 1;
        dense++;
      }
      const value = fn === 'row_number' ? i + 1 : fn === 'rank' ? rank : dense;
      if (limit !== null && value > limit) return;
      this.next({ ...row, [rankColumn]: value }, t, `${partJson}:${i}`);
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
    const parts = this.byKg.get(kg);
    if (parts === undefined || parts.size === 0) return undefined;
    return [...parts].sort(byKey);
  }

  importKeyGroup(kg: number, state: unknown): void {
    this.byKg.delete(kg);
    this.minEnd.delete(kg);
    if (state === undefined || state === null) return;
    const parts = new Map<string, Part>(state as KgState);
    if (parts.size === 0) return;
    this.byKg.set(kg, parts);
    this.minEnd.set(kg, Math.min(...[...parts.values()].map((p) => p[0])));
  }

  restoreWatermark(wm: number): void {
    this.wm = wm;
  }
}
