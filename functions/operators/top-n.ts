import type { TopNSpec } from '../../compiler/spec/index.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { EventTimeOperator } from './event-time-operator.ts';
import { byKey, KeyGroupState, pairLayout } from './key-group-state.ts';
import type { Emit, KeyedState, Row } from './types.ts';

/** One partition (window + partition keys): its window end and its rows with their event times. */
type Part = [end: number, rows: [Row, number][]];

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
export class TopN extends EventTimeOperator {
  /** Persisted per key group as `[[partitionJson, part], …]` sorted by partition. */
  private readonly groups = new KeyGroupState<string, Part>(pairLayout(), {
    dropped: (kg) => this.minEnd.delete(kg),
    loaded: (kg, parts) => this.minEnd.set(kg, Math.min(...[...parts.values()].map((p) => p[0]))),
  });
  /** Earliest window end per key group. */
  private readonly minEnd = new Map<number, number>();

  constructor(
    private readonly spec: TopNSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {
    super();
  }

  get state(): KeyedState {
    return this.groups;
  }

  push(row: Row, t: number): void {
    const end = row[this.spec.windowEnd];
    if (typeof end !== 'number' || end <= this.wm) {
      this.late++;
      return;
    }
    const partJson = JSON.stringify(this.spec.partitionBy.map((c) => row[c] ?? null));
    const kg = keyGroupOfJson(partJson, this.keyGroupCount);
    const parts = this.groups.open(kg);
    let part = parts.get(partJson);
    if (part === undefined) {
      part = [end, []];
      parts.set(partJson, part);
    }
    part[1].push([row, t]);
    const min = this.minEnd.get(kg);
    if (min === undefined || end < min) this.minEnd.set(kg, end);
    this.groups.markDirty(kg);
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
    if (!this.advanceTo(wm)) return;
    const fired: [string, Part][] = [];
    for (const [kg, min] of [...this.minEnd]) {
      if (min > wm) continue;
      const parts = this.groups.get(kg)!;
      let next = Number.POSITIVE_INFINITY;
      for (const [partJson, part] of [...parts]) {
        if (part[0] <= wm) {
          fired.push([partJson, part]);
          parts.delete(partJson);
        } else next = Math.min(next, part[0]);
      }
      if (parts.size === 0) {
        this.groups.delete(kg);
        this.minEnd.delete(kg);
      } else this.minEnd.set(kg, next);
      this.groups.markDirty(kg);
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
}
