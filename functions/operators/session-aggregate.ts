import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { WM_MIN } from '../wire/watermark.ts';
import { type Acc, createAccumulators } from './accumulators.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';
import { windowResultRow } from './window-result-row.ts';

type WindowAggregateSpec = Extract<OperatorSpec, { kind: 'window_aggregate' }>;

/** One open session of a key: [start, end), its accumulators. */
type Session = [start: number, end: number, acc: Acc];

/** Persisted state of one key group: `[[keyJson, sessions sorted by start], …]` sorted by key. */
type KgState = [string, Session[]][];

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/**
 * Keyed event-time session-window aggregate. An event at t opens [t, t + gap); it joins every open
 * session of its key that this interval overlaps (start < t + gap and t < end), and sessions it
 * bridges merge (accumulators merged). So a session is [first event, last event + gap), and two
 * events exactly `gap` apart are in different sessions. A session fires once the watermark reaches
 * its end: no later event can join it then, because sources drop rows older than the watermark and
 * the watermark advances per input record, so results do not depend on batch boundaries. Fired rows
 * are sorted by (start, key json), with event time end − 1 and id `<start>:<keyJson>`.
 */
export class SessionAggregate implements Operator, KeyedState {
  private readonly byKg = new Map<number, Map<string, Session[]>>();
  /** Earliest session end per key group (when the watermark reaches it, something fires). */
  private readonly minEnd = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private readonly acc;
  private readonly gap: number;
  private wm = WM_MIN;
  late = 0;

  constructor(
    private readonly spec: WindowAggregateSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {
    if (spec.window.kind !== 'session') throw new Error('SessionAggregate needs a session window');
    this.gap = spec.window.gapMs;
    this.acc = createAccumulators(spec.aggregates);
  }

  get state(): KeyedState {
    return this;
  }

  push(row: Row, t: number): void {
    if (t < this.wm) {
      this.late++;
      return;
    }
    const keyValues = this.spec.keys.map((k) => row[k] ?? null);
    const keyJson = JSON.stringify(keyValues);
    const kg = keyGroupOfJson(keyJson, this.keyGroupCount);
    let keys = this.byKg.get(kg);
    if (keys === undefined) {
      keys = new Map();
      this.byKg.set(kg, keys);
    }
    const sessions = keys.get(keyJson) ?? [];
    const end = t + this.gap;
    const overlapping = sessions.filter((s) => s[0] < end && t < s[1]);
    let merged: Session;
    if (overlapping.length === 0) {
      merged = [t, end, this.acc.init()];
      sessions.push(merged);
    } else {
      merged = overlapping[0]!;
      for (const other of overlapping.slice(1)) {
        merged[0] = Math.min(merged[0], other[0]);
        merged[1] = Math.max(merged[1], other[1]);
        merged[2] = this.acc.merge(merged[2], other[2]);
      }
      merged[0] = Math.min(merged[0], t);
      merged[1] = Math.max(merged[1], end);
    }
    this.acc.update(merged[2], row, t);
    const kept = sessions.filter((s) => s === merged || !overlapping.includes(s));
    kept.sort((a, b) => a[0] - b[0]);
    keys.set(keyJson, kept);
    this.refreshMinEnd(kg);
    this.dirty.add(kg);
  }

  private refreshMinEnd(kg: number): void {
    const keys = this.byKg.get(kg);
    let min = Number.POSITIVE_INFINITY;
    for (const sessions of keys?.values() ?? []) for (const s of sessions) if (s[1] < min) min = s[1];
    if (min === Number.POSITIVE_INFINITY) {
      this.minEnd.delete(kg);
      if (keys?.size === 0) this.byKg.delete(kg);
    } else this.minEnd.set(kg, min);
  }

  advance(wm: number): void {
    if (wm <= this.wm) return;
    this.wm = wm;
    const fired: [string, Session][] = [];
    for (const [kg, min] of this.minEnd) {
      if (min > wm) continue;
      const keys = this.byKg.get(kg)!;
      for (const [keyJson, sessions] of keys) {
        const open = sessions.filter((s) => s[1] > wm);
        for (const s of sessions) if (s[1] <= wm) fired.push([keyJson, s]);
        if (open.length === 0) keys.delete(keyJson);
        else keys.set(keyJson, open);
      }
      this.dirty.add(kg);
    }
    for (const kg of [...this.minEnd.keys()]) if ((this.minEnd.get(kg) ?? 0) <= wm) this.refreshMinEnd(kg);
    fired.sort((a, b) => a[1][0] - b[1][0] || byKey(a, b));
    for (const [keyJson, [start, end, acc]] of fired)
      this.next(this.resultRow(keyJson, acc, start, end), end - 1, `${start}:${keyJson}`);
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
    const keys = this.byKg.get(kg);
    if (keys === undefined || keys.size === 0) return undefined;
    return [...keys].sort(byKey);
  }

  importKeyGroup(kg: number, state: unknown): void {
    this.byKg.delete(kg);
    this.minEnd.delete(kg);
    if (state === undefined || state === null) return;
    const keys = new Map<string, Session[]>();
    for (const [keyJson, sessions] of state as KgState) keys.set(keyJson, sessions);
    if (keys.size === 0) return;
    this.byKg.set(kg, keys);
    this.refreshMinEnd(kg);
  }

  /** Restores the watermark a committed checkpoint recorded (no firing: it already happened). */
  restoreWatermark(wm: number): void {
    this.wm = wm;
  }
}
