import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { WM_MIN } from '../wire/watermark.ts';
import { type Acc, createAccumulators } from './accumulators.ts';
import { compileUpdate } from './compiled-update.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';
import { windowResultRow } from './window-result-row.ts';

type WindowSpec = Extract<OperatorSpec, { kind: 'window_aggregate' }>;

/** Persisted state of one key group: `[[windowStart, [[keyJson, acc], …]], …]`. */
type KgState = [number, [string, Acc][]][];

/**
 * Keyed event-time tumbling- or hopping-window aggregate. State per key group: window start → key →
 * accumulators. A row at t falls into every window [s, s+size) with s a multiple of the slide
 * (the size, for tumbling windows) and s ≤ t < s+size. A window fires when the watermark reaches
 * s+size; its rows are emitted sorted by (window start, key json) with event time end − 1 and id
 * `<start>:<keyJson>`. Rows with t < watermark are late: dropped and counted. Session windows are
 * session-aggregate.ts.
 */
export class WindowAggregate implements Operator, KeyedState {
  private readonly byKg = new Map<number, Map<number, Map<string, Acc>>>();
  private readonly pending = new Map<number, Set<number>>();
  private readonly dirty = new Set<number>();
  private readonly acc;
  private readonly update: (acc: Acc, row: Row, t: number) => void;
  private readonly size: number;
  private readonly slide: number;
  private wm = WM_MIN;
  late = 0;

  constructor(
    private readonly spec: WindowSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {
    this.acc = createAccumulators(spec.aggregates);
    this.update = compileUpdate(spec.aggregates) ?? this.acc.update;
    const w = spec.window;
    if (w.kind === 'session') throw new Error('WindowAggregate: session windows are SessionAggregate');
    this.size = w.sizeMs;
    this.slide = w.kind === 'hop' ? w.slideMs : w.sizeMs;
  }

  get state(): KeyedState {
    return this;
  }

  push(row: Row, t: number): void {
    if (t < this.wm) {
      this.late++;
      return;
    }
    const { keyJson, kg } = this.keyOf(row);
    const last = Math.floor(t / this.slide) * this.slide;
    for (let start = last; start > t - this.size; start -= this.slide) this.add(kg, keyJson, start, row, t);
    this.dirty.add(kg);
  }

  private add(kg: number, keyJson: string, start: number, row: Row, t: number): void {
    let windows = this.byKg.get(kg);
    if (windows === undefined) {
      windows = new Map();
      this.byKg.set(kg, windows);
    }
    let entries = windows.get(start);
    if (entries === undefined) {
      entries = new Map();
      windows.set(start, entries);
      let kgs = this.pending.get(start);
      if (kgs === undefined) {
        kgs = new Set();
        this.pending.set(start, kgs);
      }
      kgs.add(kg);
    }
    let acc = entries.get(keyJson);
    if (acc === undefined) {
      acc = this.acc.init();
      entries.set(keyJson, acc);
    }
    this.update(acc, row, t);
  }

  /** Single-key aggregates memoize key → (json, key group); the hot path then skips JSON and hashing. */
  private readonly keyCache = new Map<unknown, { keyJson: string; kg: number }>();

  private keyOf(row: Row): { keyJson: string; kg: number } {
    const keys = this.spec.keys;
    if (keys.length === 1) {
      const v = row[keys[0]!] ?? null;
      let hit = this.keyCache.get(v);
      if (hit === undefined) {
        const keyJson = JSON.stringify([v]);
        hit = { keyJson, kg: keyGroupOfJson(keyJson, this.keyGroupCount) };
        if (this.keyCache.size >= 65_536) this.keyCache.clear();
        this.keyCache.set(v, hit);
      }
      return hit;
    }
    const keyValues = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) keyValues[i] = row[keys[i]!] ?? null;
    const keyJson = JSON.stringify(keyValues);
    return { keyJson, kg: keyGroupOfJson(keyJson, this.keyGroupCount) };
  }

  advance(wm: number): void {
    if (wm <= this.wm) return;
    this.wm = wm;
    const due: number[] = [];
    for (const start of this.pending.keys()) if (start + this.size <= wm) due.push(start);
    if (due.length === 0) return;
    due.sort((a, b) => a - b);
    for (const start of due) {
      const fired: [string, Acc][] = [];
      for (const kg of this.pending.get(start)!) {
        const windows = this.byKg.get(kg)!;
        for (const entry of windows.get(start)!) fired.push(entry);
        windows.delete(start);
        if (windows.size === 0) this.byKg.delete(kg);
        this.dirty.add(kg);
      }
      this.pending.delete(start);
      fired.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const end = start + this.size;
      for (const [keyJson, acc] of fired)
        this.next(this.resultRow(keyJson, acc, start, end), end - 1, `${start}:${keyJson}`);
    }
  }

  private resultRow(keyJson: string, acc: Acc, start: number, end: number): Row {
    return windowResultRow(this.spec, this.acc.result, keyJson, acc, start, end);
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
    return [...windows].sort((a, b) => a[0] - b[0]).map(([start, entries]) => [start, [...entries]]);
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
    const windows = new Map<number, Map<string, Acc>>();
    for (const [start, entries] of state as KgState) {
      windows.set(start, new Map(entries));
      let kgs = this.pending.get(start);
      if (kgs === undefined) {
        kgs = new Set();
        this.pending.set(start, kgs);
      }
      kgs.add(kg);
    }
    if (windows.size > 0) this.byKg.set(kg, windows);
  }

  /** Restores the watermark a committed checkpoint recorded (no firing: it already happened). */
  restoreWatermark(wm: number): void {
    this.wm = wm;
  }
}
