import type { WindowJoinSpec } from '../../compiler/spec/index.ts';
import { EventTimeOperator } from './event-time-operator.ts';
import { canonicalOrder, JoinRows } from './join-rows.ts';
import type { Emit, KeyedState, Row } from './types.ts';
import { WindowState } from './window-state.ts';

/** Both inputs' rows of one key in one window. */
interface Cell {
  readonly left: Row[];
  readonly right: Row[];
}

/**
 * Windowed join of two inputs on the same tumbling window. State per key group (window-state.ts):
 * `[[windowStart, [[keyJson, [leftRows, rightRows]], …]], …]`. Each row falls into the window of its
 * event time and waits there; when the watermark reaches the window's end, the window fires: keys
 * in JSON order, and per key each input's rows in a canonical (JSON text) order, so pairs and their
 * ids `<windowStart>:<keyJson>:<n>` never depend on arrival order or batch boundaries. Inner pairs
 * are emitted left-major; a left/full join then adds each unmatched left row NULL-padded, a
 * right/full join each unmatched right row. Output event time is the window end − 1. Rows with
 * t < watermark are late: dropped and counted.
 */
export class WindowJoin extends EventTimeOperator {
  private readonly windows = new WindowState<Cell>({
    save: (keyJson, c) => [keyJson, [c.left, c.right]],
    load: (entry) => {
      const [keyJson, [left, right]] = entry as [string, [Row[], Row[]]];
      return [keyJson, { left, right }];
    },
  });
  private readonly rows: JoinRows;
  private readonly size: number;

  constructor(
    spec: WindowJoinSpec,
    keyGroups: number,
    private readonly next: Emit,
  ) {
    super();
    this.rows = new JoinRows(spec, keyGroups);
    this.size = spec.sizeMs;
  }

  get state(): KeyedState {
    return this.windows.groups;
  }

  push(input: Row, t: number): void {
    if (this.dropsLate(t)) return;
    const r = this.rows.read(input);
    const start = Math.floor(t / this.size) * this.size;
    const cells = this.windows.cells(r.kg, start);
    let cell = cells.get(r.keyJson);
    if (cell === undefined) {
      cell = { left: [], right: [] };
      cells.set(r.keyJson, cell);
    }
    (r.side === 0 ? cell.left : cell.right).push(r.row);
    this.windows.groups.markDirty(r.kg);
  }

  advance(wm: number): void {
    if (!this.advanceTo(wm)) return;
    this.windows.fireDue(wm, this.size, (start, fired) => {
      for (const [keyJson, cell] of fired) this.fire(start, keyJson, cell);
    });
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
}
