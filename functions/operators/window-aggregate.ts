import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { type Acc, createAccumulators } from './accumulators.ts';
import { compileUpdate } from './compiled-update.ts';
import { EventTimeOperator } from './event-time-operator.ts';
import type { Emit, KeyedState, Row } from './types.ts';
import { windowResultRow } from './window-result-row.ts';
import { WindowState } from './window-state.ts';

type WindowSpec = Extract<OperatorSpec, { kind: 'window_aggregate' }>;

/**
 * Keyed event-time tumbling- or hopping-window aggregate. State per key group (window-state.ts):
 * window start → key → accumulators, persisted as `[[windowStart, [[keyJson, acc], …]], …]`. A row
 * at t falls into every window [s, s+size) with s a multiple of the slide (the size, for tumbling
 * windows) and s ≤ t < s+size. A window fires when the watermark reaches s+size; its rows are
 * emitted sorted by (window start, key json) with event time end − 1 and id `<start>:<keyJson>`.
 * Rows with t < watermark are late: dropped and counted. Session windows are session-aggregate.ts.
 */
export class WindowAggregate extends EventTimeOperator {
  private readonly windows = new WindowState<Acc>();
  private readonly acc;
  private readonly update: (acc: Acc, row: Row, t: number) => void;
  private readonly size: number;
  private readonly slide: number;

  constructor(
    private readonly spec: WindowSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {
    super();
    this.acc = createAccumulators(spec.aggregates);
    this.update = compileUpdate(spec.aggregates) ?? this.acc.update;
    const w = spec.window;
    if (w.kind === 'session') throw new Error('WindowAggregate: session windows are SessionAggregate');
    this.size = w.sizeMs;
    this.slide = w.kind === 'hop' ? w.slideMs : w.sizeMs;
  }

  get state(): KeyedState {
    return this.windows.groups;
  }

  push(row: Row, t: number): void {
    if (this.dropsLate(t)) return;
    const { keyJson, kg } = this.keyOf(row);
    const last = Math.floor(t / this.slide) * this.slide;
    for (let start = last; start > t - this.size; start -= this.slide) this.add(kg, keyJson, start, row, t);
    this.windows.groups.markDirty(kg);
  }

  private add(kg: number, keyJson: string, start: number, row: Row, t: number): void {
    const entries = this.windows.cells(kg, start);
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
    if (!this.advanceTo(wm)) return;
    this.windows.fireDue(wm, this.size, (start, fired) => {
      const end = start + this.size;
      for (const [keyJson, acc] of fired)
        this.next(this.resultRow(keyJson, acc, start, end), end - 1, `${start}:${keyJson}`);
    });
  }

  private resultRow(keyJson: string, acc: Acc, start: number, end: number): Row {
    return windowResultRow(this.spec, this.acc.result, keyJson, acc, start, end);
  }
}
