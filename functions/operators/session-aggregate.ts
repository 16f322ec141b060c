import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { type Acc, createAccumulators } from './accumulators.ts';
import { EventTimeOperator } from './event-time-operator.ts';
import { byKey, KeyGroupState, pairLayout } from './key-group-state.ts';
import type { Emit, KeyedState, Row } from './types.ts';
import { windowResultRow } from './window-result-row.ts';

type WindowAggregateSpec = Extract<OperatorSpec, { kind: 'window_aggregate' }>;

/** One open session of a key: [start, end), its accumulators. */
type Session = [start: number, end: number, acc: Acc];

/**
 * Keyed event-time session-window aggregate. An event at t opens [t, t + gap); it joins every open
 * session of its key that this interval overlaps (start < t + gap and t < end), and sessions it
 * bridges merge (accumulators merged). So a session is [first event, last event + gap), and two
 * events exactly `gap` apart are in different sessions. A session fires once the watermark reaches
 * its end: no later event can join it then, because sources drop rows older than the watermark and
 * the watermark advances per input record, so results do not depend on batch boundaries. Fired rows
 * are sorted by (start, key json), with event time end − 1 and id `<start>:<keyJson>`.
 */
export class SessionAggregate extends EventTimeOperator {
  /** Persisted per key group as `[[keyJson, sessions sorted by start], …]` sorted by key. */
  private readonly groups = new KeyGroupState<string, Session[]>(pairLayout(), {
    dropped: (kg) => this.minEnd.delete(kg),
    loaded: (kg) => this.refreshMinEnd(kg),
  });
  /** Earliest session end per key group (when the watermark reaches it, something fires). */
  private readonly minEnd = new Map<number, number>();
  private readonly acc;
  private readonly gap: number;

  constructor(
    private readonly spec: WindowAggregateSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {
    super();
    if (spec.window.kind !== 'session') throw new Error('SessionAggregate needs a session window');
    this.gap = spec.window.gapMs;
    this.acc = createAccumulators(spec.aggregates);
  }

  get state(): KeyedState {
    return this.groups;
  }

  push(row: Row, t: number): void {
    if (this.dropsLate(t)) return;
    const keyValues = this.spec.keys.map((k) => row[k] ?? null);
    const keyJson = JSON.stringify(keyValues);
    const kg = keyGroupOfJson(keyJson, this.keyGroupCount);
    const keys = this.groups.open(kg);
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
    this.groups.markDirty(kg);
  }

  private refreshMinEnd(kg: number): void {
    const keys = this.groups.get(kg);
    let min = Number.POSITIVE_INFINITY;
    for (const sessions of keys?.values() ?? []) for (const s of sessions) if (s[1] < min) min = s[1];
    if (min === Number.POSITIVE_INFINITY) {
      this.minEnd.delete(kg);
      if (keys?.size === 0) this.groups.delete(kg);
    } else this.minEnd.set(kg, min);
  }

  advance(wm: number): void {
    if (!this.advanceTo(wm)) return;
    const fired: [string, Session][] = [];
    for (const [kg, min] of this.minEnd) {
      if (min > wm) continue;
      const keys = this.groups.get(kg)!;
      for (const [keyJson, sessions] of keys) {
        const open = sessions.filter((s) => s[1] > wm);
        for (const s of sessions) if (s[1] <= wm) fired.push([keyJson, s]);
        if (open.length === 0) keys.delete(keyJson);
        else keys.set(keyJson, open);
      }
      this.groups.markDirty(kg);
    }
    for (const kg of [...this.minEnd.keys()]) if ((this.minEnd.get(kg) ?? 0) <= wm) this.refreshMinEnd(kg);
    fired.sort((a, b) => a[1][0] - b[1][0] || byKey(a, b));
    for (const [keyJson, [start, end, acc]] of fired)
      this.next(this.resultRow(keyJson, acc, start, end), end - 1, `${start}:${keyJson}`);
  }

  private resultRow(keyJson: string, acc: Acc, start: number, end: number): Row {
    return windowResultRow(this.spec, this.acc.result, keyJson, acc, start, end);
  }
}
