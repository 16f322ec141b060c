import type { UpdatingAggregateSpec } from '../../compiler/spec/index.ts';
import { compileExpr, compileProjection } from '../expr/compile-expr.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import { type Acc, createAccumulators } from './accumulators.ts';
import { changeHalves, changeRow, isRetraction, RETRACT_MARK } from './change-row.ts';
import { KeyGroupState } from './key-group-state.ts';
import { createRetraction } from './retract.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';

/**
 * A key's accumulators, the row last emitted for it (null: none, or HAVING does not hold), and its
 * input rows net of retractions (absent in state written before retractions existed).
 */
type Entry = [acc: Acc, last: Row | null, rows?: number];

/**
 * Updating (unwindowed) GROUP BY. Every input row updates its key's accumulators; the new result
 * row (keys + aggregates) goes through HAVING and the SELECT projection, and the operator emits one
 * Debezium change against the row it last emitted for the key: `c` (none before), `u` (changed),
 * `d` (HAVING no longer holds). An unchanged row emits nothing. Changes are emitted per input row,
 * never coalesced per batch, so outputs and their positional ids depend only on the input sequence.
 * If HAVING or the projection fails to evaluate, the row's change is dead-lettered (the accumulators
 * keep the row; the next change is relative to the last row emitted). State is kept per key, with no
 * expiry. Over a changelog (a Debezium source) a row marked as a retraction (change-row.ts) is taken
 * back out of the accumulators (retract.ts); a key left with no rows emits a delete, as Arroyo's.
 */
export class UpdatingAggregate implements Operator {
  /** Persisted per key group as `[[keyJson, entry], …]` sorted by key. */
  private readonly groups = new KeyGroupState<string, Entry>();
  private readonly acc;
  private retract: ReturnType<typeof createRetraction> | undefined;
  private readonly having: ((row: Row) => unknown) | null;
  private readonly project: (row: Row) => Row;
  late = 0;

  constructor(
    private readonly spec: UpdatingAggregateSpec,
    private readonly keyGroupCount: number,
    private readonly next: Emit,
  ) {
    this.acc = createAccumulators(spec.aggregates);
    this.having = spec.having === null ? null : compileExpr(spec.having);
    this.project = compileProjection(spec.columns);
  }

  get state(): KeyedState {
    return this.groups;
  }

  push(row: Row, t: number): void {
    // A change reaching the aggregate without a shuffle (one stage) is taken as its halves.
    const halves = changeHalves(row);
    if (halves.length !== 1 || halves[0] !== row) {
      for (const h of halves) this.pushOne(h, t);
      return;
    }
    this.pushOne(row, t);
  }

  private pushOne(row: Row, t: number): void {
    const keyValues = this.spec.keys.map((k) => row[k] ?? null);
    const keyJson = JSON.stringify(keyValues);
    const kg = keyGroupOfJson(keyJson, this.keyGroupCount);
    const entries = this.groups.open(kg);
    let entry = entries.get(keyJson);
    if (entry === undefined) {
      entry = [this.acc.init(), null];
      entries.set(keyJson, entry);
    }
    if (isRetraction(row)) {
      this.retract ??= createRetraction(this.spec.aggregates);
      const plain = { ...row };
      delete plain[RETRACT_MARK];
      this.retract(entry[0], plain);
      entry[2] = (entry[2] ?? 0) - 1;
    } else {
      this.acc.update(entry[0], row, t);
      entry[2] = (entry[2] ?? 0) + 1;
    }
    this.groups.markDirty(kg);
    const result: Row = {};
    this.spec.keys.forEach((k, i) => {
      result[k] = keyValues[i];
    });
    this.acc.result(entry[0], result);
    const empty = entry[2] <= 0;
    const after =
      !empty && (this.having === null || this.having(result) === true) ? this.project(result) : null;
    if (empty) entries.delete(keyJson);
    const before = entry[1];
    if (before === null && after === null) return;
    if (before !== null && after !== null && JSON.stringify(before) === JSON.stringify(after)) return;
    entry[1] = after;
    this.next(changeRow(before, after, before === null ? 'c' : after === null ? 'd' : 'u'), t, undefined);
  }

  advance(): void {}
}
