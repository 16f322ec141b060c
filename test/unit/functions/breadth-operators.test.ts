import { describe, expect, it } from 'vitest';
import type { OperatorSpec } from '../../../compiler/spec/index.ts';
import { isChangeRow } from '../../../functions/operators/change-row.ts';
import { createOperatorChain, type OperatorChain } from '../../../functions/operators/operator-chain.ts';
import { WM_MAX } from '../../../functions/wire/watermark.ts';
import { mulberry32 } from '../../support/seeded-random.ts';
import { bin, col, lit } from './fixtures.ts';

type Out = { row: Record<string, unknown>; t: number; id: string | undefined };
type Rec = { rows: [Record<string, unknown>, number][]; wm: number };

function newChain(ops: OperatorSpec[], out: Out[]): OperatorChain {
  return createOperatorChain(
    { operators: ops },
    { keyGroups: 8, emit: (row, t, id) => out.push({ row, t, id }) },
  );
}

/** Runs records, committing and restoring state (JSON round trip) before each index in `cuts`. */
function run(ops: OperatorSpec[], recs: readonly Rec[], cuts: ReadonlySet<number> = new Set()): Out[] {
  const out: Out[] = [];
  let chain = newChain(ops, out);
  recs.forEach((rec, i) => {
    if (cuts.has(i)) {
      const state = chain.state;
      const pages = new Map(
        [...(state?.keyGroups() ?? [])].map((kg) => [kg, JSON.stringify(state?.exportKeyGroup(kg))]),
      );
      const wm = chain.watermark;
      chain = newChain(ops, out);
      chain.restoreWatermark(wm);
      for (const [kg, page] of pages) chain.state?.importKeyGroup(kg, JSON.parse(page));
    }
    for (const [row, t] of rec.rows) chain.push(row, t);
    chain.advanceWatermark(rec.wm);
  });
  return out;
}

const rng = mulberry32;

/**
 * Seeded events, out of order by up to `disorder`, one or more per record; the watermark after each
 * record is max(t) − disorder, and rows older than the watermark at their record's start are dropped
 * (as a source stage does), so the result is what the real pipeline sees.
 */
function events(seed: number, n: number, keys: number, disorder = 40): Rec[] {
  const r = rng(seed);
  const recs: Rec[] = [];
  let clock = 0;
  let max = -Infinity;
  let wm = -Infinity;
  for (let i = 0; i < n; ) {
    const rows: [Record<string, unknown>, number][] = [];
    const k = 1 + Math.floor(r() * 3);
    for (let j = 0; j < k && i < n; j++, i++) {
      clock += Math.floor(r() * 12);
      const t = clock - Math.floor(r() * disorder);
      if (t < wm) continue;
      max = Math.max(max, t);
      const v = r() < 0.1 ? null : Math.floor(r() * 100);
      rows.push([{ k: `k${Math.floor(r() * keys)}`, v, b: v === null ? null : v % 3 === 0, i }, t]);
    }
    wm = max - disorder;
    recs.push({ rows, wm });
  }
  recs.push({ rows: [], wm: WM_MAX });
  return recs;
}

const allRows = (recs: readonly Rec[]) => recs.flatMap((r) => r.rows);

const aggs: Extract<OperatorSpec, { kind: 'window_aggregate' }>['aggregates'] = [
  { name: 'n', fn: 'count_star', arg: null, type: 'int' },
  { name: 's', fn: 'sum', arg: 'v', type: 'int' },
  { name: 'cd', fn: 'count_distinct', arg: 'v', type: 'int' },
  { name: 'ad', fn: 'approx_distinct', arg: 'v', type: 'int' },
  { name: 'med', fn: 'median', arg: 'v', type: 'float' },
  { name: 'vs', fn: 'var_samp', arg: 'v', type: 'float' },
  { name: 'vp', fn: 'var_pop', arg: 'v', type: 'float' },
  { name: 'sd', fn: 'stddev_samp', arg: 'v', type: 'float' },
  { name: 'fv', fn: 'first_value', arg: 'i', type: 'int' },
  { name: 'lv', fn: 'last_value', arg: 'i', type: 'int' },
  { name: 'ba', fn: 'bool_and', arg: 'b', type: 'bool' },
  { name: 'bo', fn: 'bool_or', arg: 'b', type: 'bool' },
  { name: 'arr', fn: 'array_agg', arg: 'i', type: 'int[]' },
];

/** Reference results of `aggs` over rows given as [row, t], computed directly. */
function reference(rows: readonly [Record<string, unknown>, number][]): Record<string, unknown> {
  const vs = rows.map(([r]) => r.v).filter((v): v is number => v !== null);
  const bs = rows.map(([r]) => r.b).filter((b): b is boolean => b !== null);
  const sorted = [...vs].sort((a, b) => a - b);
  const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
  const ss = vs.reduce((a, b) => a + (b - mean) ** 2, 0);
  const byTime = [...rows].sort((a, b) => a[1] - b[1]);
  const m = sorted.length >> 1;
  return {
    n: rows.length,
    s: vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0),
    cd: new Set(vs).size,
    ad: new Set(vs).size,
    med: vs.length === 0 ? null : vs.length % 2 ? sorted[m] : ((sorted[m - 1] ?? 0) + (sorted[m] ?? 0)) / 2,
    vs: vs.length < 2 ? null : ss / (vs.length - 1),
    vp: vs.length === 0 ? null : ss / vs.length,
    sd: vs.length < 2 ? null : Math.sqrt(ss / (vs.length - 1)),
    fv: byTime[0]?.[0].i ?? null,
    lv: byTime.at(-1)?.[0].i ?? null,
    ba: bs.length === 0 ? null : bs.every((b) => b),
    bo: bs.length === 0 ? null : bs.some((b) => b),
    arr: byTime.map(([r]) => r.i),
  };
}

const round = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(6)) : v,
    ]),
  );

/** Events with distinct timestamps, so first/last/array_agg have no ties. */
function distinctTimes(recs: Rec[]): Rec[] {
  const seen = new Set<number>();
  return recs.map((r) => ({
    ...r,
    rows: r.rows.filter(([, t]) => !seen.has(t) && seen.add(t) !== undefined),
  }));
}

describe('hop windows', () => {
  const op: OperatorSpec = {
    kind: 'window_aggregate',
    window: { kind: 'hop', slideMs: 20, sizeMs: 60 },
    keys: ['k'],
    aggregates: aggs,
    windowStartColumn: 'ws',
    windowEndColumn: 'we',
  };
  const recs = distinctTimes(events(7, 400, 5));

  it('matches a direct computation of every window every row falls into', () => {
    const out = run([op], recs);
    const expected = new Map<string, Record<string, unknown>>();
    const groups = new Map<string, [Record<string, unknown>, number][]>();
    for (const [row, t] of allRows(recs)) {
      for (let s = Math.floor(t / 20) * 20; s > t - 60; s -= 20) {
        const key = `${s}:${JSON.stringify([row.k])}`;
        groups.set(key, [...(groups.get(key) ?? []), [row, t]]);
      }
    }
    for (const [key, rows] of groups) {
      const s = Number(key.split(':')[0]);
      expected.set(key, round({ k: rows[0]?.[0].k, ...reference(rows), ws: s, we: s + 60 }));
    }
    expect(out.map((o) => o.id).sort()).toEqual([...expected.keys()].sort());
    for (const o of out) expect(round(o.row)).toEqual(expected.get(o.id ?? ''));
    for (const o of out) expect(o.t).toBe((o.row.we as number) - 1);
  });

  it('gives the same rows and ids whatever the invocation boundaries', () => {
    const base = run([op], recs);
    for (const cuts of [new Set([1, 2, 3, 50, 51, 200]), new Set(recs.map((_, i) => i))])
      expect(run([op], recs, cuts)).toEqual(base);
  });
});

describe('session windows', () => {
  const op: OperatorSpec = {
    kind: 'window_aggregate',
    window: { kind: 'session', gapMs: 30 },
    keys: ['k'],
    aggregates: aggs,
    windowStartColumn: 'ws',
    windowEndColumn: 'we',
  };
  const recs = distinctTimes(events(11, 500, 6, 60));

  it('a session is [first, last + gap); events closer than the gap (in time order) share it', () => {
    const out = run([op], recs);
    const byKey = new Map<string, [Record<string, unknown>, number][]>();
    for (const [row, t] of allRows(recs))
      byKey.set(row.k as string, [...(byKey.get(row.k as string) ?? []), [row, t]]);
    const expected: Record<string, unknown>[] = [];
    for (const [k, rows] of byKey) {
      rows.sort((a, b) => a[1] - b[1]);
      let cur: [Record<string, unknown>, number][] = [];
      const close = () => {
        if (cur.length === 0) return;
        expected.push(round({ k, ...reference(cur), ws: cur[0]?.[1], we: (cur.at(-1)?.[1] ?? 0) + 30 }));
        cur = [];
      };
      for (const r of rows) {
        if (cur.length > 0 && r[1] - (cur.at(-1)?.[1] ?? 0) >= 30) close();
        cur.push(r);
      }
      close();
    }
    const key = (r: Record<string, unknown>) => `${r.k}:${r.ws}`;
    expect(out.map((o) => round(o.row)).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(new Set(out.map((o) => o.id)).size).toBe(out.length);
  });

  it('merges two sessions that a late event bridges', () => {
    const out = run(
      [op],
      [
        { rows: [[{ k: 'a', v: 1, b: true, i: 1 }, 0]], wm: -100 },
        { rows: [[{ k: 'a', v: 2, b: true, i: 2 }, 50]], wm: -100 },
        { rows: [[{ k: 'a', v: 3, b: false, i: 3 }, 25]], wm: 10 },
        { rows: [], wm: WM_MAX },
      ],
    );
    expect(out).toHaveLength(1);
    expect(out[0]?.row).toMatchObject({
      k: 'a',
      n: 3,
      s: 6,
      ws: 0,
      we: 80,
      fv: 1,
      lv: 2,
      arr: [1, 3, 2],
      ba: false,
    });
    expect(out[0]?.id).toBe('0:["a"]');
  });

  it('fires only when the watermark reaches the session end', () => {
    const out: Out[] = [];
    const chain = newChain([op], out);
    chain.push({ k: 'a', v: 1, b: null, i: 1 }, 100);
    chain.advanceWatermark(129);
    expect(out).toHaveLength(0);
    chain.advanceWatermark(130);
    expect(out).toHaveLength(1);
  });

  it('gives the same rows and ids whatever the invocation boundaries', () => {
    const base = run([op], recs);
    for (const cuts of [new Set([1, 5, 9, 77, 78, 300]), new Set(recs.map((_, i) => i))])
      expect(run([op], recs, cuts)).toEqual(base);
  });
});

describe('top-N', () => {
  const window: OperatorSpec = {
    kind: 'window_aggregate',
    window: { kind: 'tumble', sizeMs: 100 },
    keys: ['k'],
    aggregates: [{ name: 'n', fn: 'count_star', arg: null, type: 'int' }],
    windowStartColumn: 'ws',
    windowEndColumn: 'we',
  };
  const topN = (fn: 'row_number' | 'rank' | 'dense_rank', limit: number | null = null): OperatorSpec => ({
    kind: 'top_n',
    fn,
    partitionBy: ['ws', 'we'],
    windowEnd: 'we',
    orderBy: [{ column: 'n', desc: true, nullsFirst: false }],
    rankColumn: 'rn',
    limit,
  });

  it('ranks each window partition once its end passes; ties broken by the row text', () => {
    const rows = (ws: number, counts: Record<string, number>) =>
      Object.entries(counts).map(([k, n]): [Record<string, unknown>, number] => [
        { ws, we: ws + 100, k, n },
        ws + 99,
      ]);
    const recs: Rec[] = [
      { rows: rows(0, { b: 5, a: 5, c: 7, d: 1 }), wm: 50 },
      { rows: rows(100, { x: 2 }), wm: 100 },
      { rows: [], wm: WM_MAX },
    ];
    const ranks = (fn: 'row_number' | 'rank' | 'dense_rank') =>
      run([topN(fn)], recs).map((o) => `${o.row.k}${o.row.rn}`);
    expect(ranks('row_number')).toEqual(['c1', 'a2', 'b3', 'd4', 'x1']);
    expect(ranks('rank')).toEqual(['c1', 'a2', 'b2', 'd4', 'x1']);
    expect(ranks('dense_rank')).toEqual(['c1', 'a2', 'b2', 'd3', 'x1']);
    expect(run([topN('row_number', 2)], recs).map((o) => o.row.k)).toEqual(['c', 'a', 'x']);
    const out = run([topN('row_number')], recs);
    expect(out[0]?.id).toBe('[0,100]:0');
    expect(run([topN('row_number')], recs.slice(0, 1))).toEqual([]);
  });

  it('after a window aggregate, is independent of invocation boundaries', () => {
    const recs = events(5, 600, 12);
    const ops = [window, topN('row_number', 3)];
    const base = run(ops, recs);
    expect(base.length).toBeGreaterThan(10);
    for (const cuts of [new Set([3, 4, 100]), new Set(recs.map((_, i) => i))])
      expect(run(ops, recs, cuts)).toEqual(base);
  });
});

describe('updating aggregate', () => {
  const op: OperatorSpec = {
    kind: 'updating_aggregate',
    keys: ['k'],
    aggregates: [
      { name: 'n', fn: 'count_star', arg: null, type: 'int' },
      { name: 'cd', fn: 'count_distinct', arg: 'v', type: 'int' },
    ],
    having: bin('>', col('n'), lit(1)),
    columns: [
      { name: 'k', expr: col('k', 'string') },
      { name: 'n', expr: col('n') },
      { name: 'cd', expr: col('cd') },
    ],
  };

  it('emits c/u changes per input row, after HAVING, and nothing for an unchanged row', () => {
    const out = run(
      [op],
      [
        {
          rows: [
            [{ k: 'a', v: 1 }, 1],
            [{ k: 'a', v: 1 }, 2],
            [{ k: 'b', v: 1 }, 3],
            [{ k: 'a', v: 2 }, 4],
          ],
          wm: 0,
        },
      ],
    );
    expect(out.map((o) => [o.row.op, o.row.before, o.row.after])).toEqual([
      ['c', null, { k: 'a', n: 2, cd: 1 }],
      ['u', { k: 'a', n: 2, cd: 1 }, { k: 'a', n: 3, cd: 2 }],
    ]);
    expect(out.every((o) => isChangeRow(o.row) && o.id === undefined)).toBe(true);
  });

  it('emits d when HAVING stops holding', () => {
    const ops: OperatorSpec[] = [{ ...op, having: bin('<', col('n'), lit(3)) } as OperatorSpec];
    const out = run(ops, [
      { rows: [1, 2, 3].map((i): [Record<string, unknown>, number] => [{ k: 'a', v: i }, i]), wm: 0 },
    ]);
    expect(out.map((o) => o.row.op)).toEqual(['c', 'u', 'd']);
    expect(out[2]?.row.after).toBeNull();
  });

  it('final state is independent of invocation boundaries', () => {
    const recs = events(3, 300, 7);
    const final = (outs: Out[]) => {
      const m = new Map<string, unknown>();
      for (const o of outs) {
        const after = o.row.after as Record<string, unknown> | null;
        const before = o.row.before as Record<string, unknown> | null;
        if (after === null) m.delete(String(before?.k));
        else m.set(String(after.k), after);
      }
      return m;
    };
    const base = run([op], recs);
    expect(run([op], recs, new Set([1, 2, 40, 41]))).toEqual(base);
    expect(final(base).size).toBeGreaterThan(0);
  });
});

describe('unnest', () => {
  it('emits one row per element; NULL and empty arrays emit none', () => {
    const out = run(
      [{ kind: 'unnest', column: 'tags', output: 'tag' }],
      [
        {
          rows: [
            [{ id: 1, tags: ['a', null, 'b'] }, 5],
            [{ id: 2, tags: [] }, 6],
            [{ id: 3, tags: null }, 7],
          ],
          wm: 0,
        },
      ],
    );
    expect(out.map((o) => [o.row.id, o.row.tag, o.t])).toEqual([
      [1, 'a', 5],
      [1, null, 5],
      [1, 'b', 5],
    ]);
  });
});
