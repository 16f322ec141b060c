import { describe, expect, it } from 'vitest';
import type { OperatorSpec } from '../../../compiler/spec/index.ts';
import { createOperatorChain, type OperatorChain } from '../../../functions/operators/operator-chain.ts';
import { WM_MAX } from '../../../functions/wire/watermark.ts';
import { bin, col, lit } from './fixtures.ts';

type Out = { row: Record<string, unknown>; t: number; id: string | undefined };
type JoinType = 'inner' | 'left' | 'right' | 'full';

const common = {
  sideColumn: '__side',
  keys: ['__k0'],
  left: ['a', 'lv'],
  right: ['b', 'rv'],
  residual: null,
};
const windowJoin = (joinType: JoinType, residual: OperatorSpec | null = null): OperatorSpec => ({
  kind: 'window_join',
  joinType,
  sizeMs: 10,
  ...common,
  residual: residual?.kind === 'filter' ? residual.predicate : null,
});
const updatingJoin = (joinType: 'inner' | 'left', ttlMs = 5): OperatorSpec => ({
  kind: 'updating_join',
  joinType,
  ttlMs,
  ...common,
});

const L = (k: unknown, lv: number) => ({ __side: 0, __k0: k, a: k, lv });
const R = (k: unknown, rv: number) => ({ __side: 1, __k0: k, b: k, rv });

/** An input record: rows with event times, then the stage watermark after it. */
type Rec = { rows: [Record<string, unknown>, number][]; wm: number };

function newChain(op: OperatorSpec, out: Out[]): OperatorChain {
  return createOperatorChain(
    { operators: [op] },
    { keyGroups: 8, emit: (row, t, id) => out.push({ row, t, id }) },
  );
}

/**
 * Runs records through a chain, committing and restoring state (as a new container would) before
 * each record index in `cuts`: the invocation boundaries of one particular batching.
 */
function run(op: OperatorSpec, recs: readonly Rec[], cuts: ReadonlySet<number> = new Set()): Out[] {
  const out: Out[] = [];
  let chain = newChain(op, out);
  recs.forEach((rec, i) => {
    if (cuts.has(i)) {
      const state = chain.state;
      const pages = new Map(
        [...(state?.keyGroups() ?? [])].map((kg) => [kg, JSON.stringify(state?.exportKeyGroup(kg))]),
      );
      const wm = chain.watermark;
      chain = newChain(op, out);
      chain.restoreWatermark(wm);
      for (const [kg, page] of pages) chain.state?.importKeyGroup(kg, JSON.parse(page));
    }
    for (const [row, t] of rec.rows) chain.push(row, t);
    chain.advanceWatermark(rec.wm);
  });
  return out;
}

const recs: Rec[] = [
  {
    rows: [
      [L(1, 10), 1],
      [R(1, 100), 2],
    ],
    wm: 0,
  },
  {
    rows: [
      [L(1, 11), 3],
      [R(2, 200), 4],
      [L(3, 30), 5],
    ],
    wm: 2,
  },
  {
    rows: [
      [R(1, 101), 8],
      [L(null, 99), 9],
    ],
    wm: 5,
  },
  {
    rows: [
      [L(2, 20), 12],
      [R(2, 201), 14],
      [R(4, 400), 15],
    ],
    wm: 9,
  },
  { rows: [[R(2, 202), 16]], wm: 11 },
  { rows: [], wm: WM_MAX },
];

describe('window join', () => {
  it('inner: pairs per window and key, in canonical order, fired at the window end', () => {
    const out = run(windowJoin('inner'), recs);
    expect(out.map((o) => [o.row.lv, o.row.rv, o.t, o.id])).toEqual([
      [10, 100, 9, '0:[1]:0'],
      [10, 101, 9, '0:[1]:1'],
      [11, 100, 9, '0:[1]:2'],
      [11, 101, 9, '0:[1]:3'],
      [20, 201, 19, '10:[2]:0'],
      [20, 202, 19, '10:[2]:1'],
    ]);
  });

  it('left, right and full joins pad the missing side with NULL; NULL keys never match', () => {
    const rows = (t: JoinType) =>
      run(windowJoin(t), recs).map((o) => [
        o.row.a ?? null,
        o.row.lv ?? null,
        o.row.b ?? null,
        o.row.rv ?? null,
      ]);
    expect(rows('left')).toContainEqual([3, 30, null, null]);
    expect(rows('left')).toContainEqual([null, 99, null, null]);
    expect(rows('left')).not.toContainEqual([null, null, 2, 200]);
    expect(rows('right')).toContainEqual([null, null, 2, 200]);
    expect(rows('right')).toContainEqual([null, null, 4, 400]);
    expect(rows('right')).not.toContainEqual([3, 30, null, null]);
    expect(rows('full')).toHaveLength(6 + 2 + 2);
  });

  it('applies the residual condition per pair', () => {
    const out = run(windowJoin('left', { kind: 'filter', predicate: bin('>', col('rv'), lit(100)) }), recs);
    expect(out.filter((o) => o.row.lv === 10).map((o) => o.row.rv)).toEqual([101]);
  });

  it('gives the same rows, times and ids under any batching (state committed and restored between)', () => {
    for (const t of ['inner', 'left', 'right', 'full'] as const) {
      const once = run(windowJoin(t), recs);
      for (const cuts of [[1], [2, 4], [1, 2, 3, 4, 5], [3]])
        expect(run(windowJoin(t), recs, new Set(cuts))).toEqual(once);
    }
  });

  it('drops and counts rows older than the watermark', () => {
    const out: Out[] = [];
    const chain = newChain(windowJoin('inner'), out);
    chain.advanceWatermark(20);
    chain.push(L(1, 1), 5);
    expect(chain.late).toBe(1);
  });
});

describe('updating join', () => {
  it('inner: emits a pair when its second row arrives, only within the TTL of each other', () => {
    const out = run(updatingJoin('inner', 5), recs);
    expect(out.map((o) => [o.row.lv, o.row.rv, o.t])).toEqual([
      [10, 100, 2],
      [11, 100, 3],
      [11, 101, 8],
      [20, 201, 14],
      [20, 202, 16],
    ]);
  });

  it('left: an unmatched left row is emitted NULL-padded when it expires; NULL keys at once', () => {
    const out = run(updatingJoin('left', 5), recs);
    const unmatched = out.filter((o) => o.row.b === null).map((o) => [o.row.lv, o.t]);
    expect(unmatched).toEqual([
      [99, 9],
      [30, 10],
    ]);
  });

  it('expires state once the watermark passes time + TTL', () => {
    const out: Out[] = [];
    const chain = newChain(updatingJoin('inner', 5), out);
    chain.push(L(1, 1), 0);
    chain.advanceWatermark(6);
    expect([...(chain.state?.keyGroups() ?? [])]).toEqual([]);
    chain.push(R(1, 2), 6);
    expect(out).toEqual([]);
  });

  it('gives the same rows and times under any batching', () => {
    for (const t of ['inner', 'left'] as const) {
      const once = run(updatingJoin(t, 5), recs);
      for (const cuts of [[1], [2, 4], [1, 2, 3, 4, 5]])
        expect(run(updatingJoin(t, 5), recs, new Set(cuts))).toEqual(once);
    }
  });
});
