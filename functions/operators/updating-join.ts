import type { UpdatingJoinSpec } from '../../compiler/spec/index.ts';
import { EventTimeOperator } from './event-time-operator.ts';
import { JoinRows } from './join-rows.ts';
import { byKey, KeyGroupState } from './key-group-state.ts';
import type { Emit, KeyedState, Row } from './types.ts';

/** A stored row: the row, its event time, and (left rows) whether it has matched yet. */
type Entry = [row: Row, t: number, matched: 0 | 1];

interface Cell {
  left: Entry[];
  right: Entry[];
}

/**
 * Updating (unwindowed) join with an event-time TTL, inner or left. Every row is kept per key until
 * the watermark passes its event time + TTL. Two rows with equal keys join when their event times
 * differ by at most the TTL: the pair is emitted when the second one arrives, with the later event
 * time. A left join emits a left row that never matched NULL-padded when it expires (event time =
 * its time + TTL), and a left row with a NULL key at once. Sources drop late rows, so no row older
 * than the watermark arrives and the output depends only on the inputs, not on arrival timing.
 */
export class UpdatingJoin extends EventTimeOperator {
  /** Persisted per key group as `[[keyJson, leftEntries, rightEntries], …]` sorted by key. */
  private readonly groups = new KeyGroupState<string, Cell>(
    {
      save: (keyJson, c) => [keyJson, c.left, c.right],
      load: (entry) => {
        const [keyJson, left, right] = entry as [string, Entry[], Entry[]];
        return [keyJson, { left, right }];
      },
    },
    {
      dropped: (kg) => this.nextExpiry.delete(kg),
      loaded: (kg, cells) => {
        let min = Number.POSITIVE_INFINITY;
        for (const { left, right } of cells.values())
          for (const e of [...left, ...right]) min = Math.min(min, e[1] + this.ttl);
        this.nextExpiry.set(kg, min);
      },
    },
  );
  /** Earliest expiry (event time + TTL) per key group. */
  private readonly nextExpiry = new Map<number, number>();
  private readonly rows: JoinRows;
  private readonly ttl: number;

  constructor(
    spec: UpdatingJoinSpec,
    keyGroups: number,
    private readonly next: Emit,
  ) {
    super();
    this.rows = new JoinRows(spec, keyGroups);
    this.ttl = spec.ttlMs;
  }

  get state(): KeyedState {
    return this.groups;
  }

  push(input: Row, t: number): void {
    if (this.dropsLate(t)) return;
    const r = this.rows.read(input);
    if (r.nullKey) {
      if (r.side === 0 && this.rows.keepsUnmatchedLeft) this.next(this.rows.merge(r.row, null), t, undefined);
      return;
    }
    const cells = this.groups.open(r.kg);
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
    this.groups.markDirty(r.kg);
  }

  /** Expires rows with time + TTL < watermark, in key-group then key order. */
  advance(wm: number): void {
    if (!this.advanceTo(wm)) return;
    const due = [...this.nextExpiry].filter(([, exp]) => exp < wm).map(([kg]) => kg);
    due.sort((a, b) => a - b);
    for (const kg of due) {
      const cells = this.groups.get(kg);
      this.groups.markDirty(kg);
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
        this.groups.delete(kg);
        this.nextExpiry.delete(kg);
      } else this.nextExpiry.set(kg, min);
    }
  }
}
