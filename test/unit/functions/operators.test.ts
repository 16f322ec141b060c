import { describe, expect, it } from 'vitest';
import type { OperatorSpec } from '../../../compiler/spec/index.ts';
import { createOperatorChain } from '../../../functions/operators/operator-chain.ts';
import { WM_MAX } from '../../../functions/wire/watermark.ts';
import { bin, col, lit } from './fixtures.ts';

const window = (
  sizeMs = 10,
  aggs?: Extract<OperatorSpec, { kind: 'window_aggregate' }>['aggregates'],
): OperatorSpec => ({
  kind: 'window_aggregate',
  window: { kind: 'tumble', sizeMs },
  keys: ['k'],
  aggregates: aggs ?? [
    { name: 'n', fn: 'count_star', arg: null, type: 'int' },
    { name: 'c', fn: 'count', arg: 'v', type: 'int' },
    { name: 's', fn: 'sum', arg: 'v', type: 'int' },
    { name: 'a', fn: 'avg', arg: 'v', type: 'float' },
    { name: 'lo', fn: 'min', arg: 'v', type: 'int' },
    { name: 'hi', fn: 'max', arg: 'v', type: 'int' },
  ],
  windowStartColumn: 'ws',
  windowEndColumn: 'we',
});

function collect(operators: OperatorSpec[]) {
  const out: { row: Record<string, unknown>; t: number; id: string | undefined }[] = [];
  const chain = createOperatorChain(
    { operators },
    { keyGroups: 8, emit: (row, t, id) => out.push({ row, t, id }) },
  );
  return { chain, out };
}

describe('operators', () => {
  it('filter keeps only TRUE rows; project reshapes; event time travels', () => {
    const { chain, out } = collect([
      { kind: 'filter', predicate: bin('>', col('v'), lit(1)) },
      { kind: 'project', columns: [{ name: 'w', expr: bin('*', col('v'), lit(10)) }] },
    ]);
    chain.push({ v: 1 }, 5);
    chain.push({ v: 2 }, 6);
    chain.push({ v: null }, 7);
    expect(out).toEqual([{ row: { w: 20 }, t: 6, id: undefined }]);
  });

  it('window aggregates fire when the watermark reaches the end, sorted by (start, key)', () => {
    const { chain, out } = collect([window()]);
    chain.push({ k: 'b', v: 1 }, 1);
    chain.push({ k: 'a', v: 5 }, 2);
    chain.push({ k: 'a', v: null }, 3);
    chain.push({ k: 'a', v: 3 }, 12);
    chain.advanceWatermark(9);
    expect(out).toHaveLength(0);
    chain.advanceWatermark(10);
    expect(out.map((o) => o.row)).toEqual([
      { k: 'a', n: 2, c: 1, s: 5, a: 5, lo: 5, hi: 5, ws: 0, we: 10 },
      { k: 'b', n: 1, c: 1, s: 1, a: 1, lo: 1, hi: 1, ws: 0, we: 10 },
    ]);
    expect(out.map((o) => [o.t, o.id])).toEqual([
      [9, '0:["a"]'],
      [9, '0:["b"]'],
    ]);
    chain.advanceWatermark(WM_MAX);
    expect(out[2]?.row).toMatchObject({ k: 'a', n: 1, ws: 10, we: 20 });
  });

  it('all-NULL inputs give NULL sum/avg/min/max and count 0', () => {
    const { chain, out } = collect([window()]);
    chain.push({ k: 'x', v: null }, 0);
    chain.advanceWatermark(10);
    expect(out[0]?.row).toEqual({ k: 'x', n: 1, c: 0, s: null, a: null, lo: null, hi: null, ws: 0, we: 10 });
  });

  it('drops and counts late rows', () => {
    const { chain, out } = collect([window()]);
    chain.advanceWatermark(15);
    chain.push({ k: 'a', v: 1 }, 14);
    chain.push({ k: 'a', v: 1 }, 15);
    expect(chain.late).toBe(1);
    chain.advanceWatermark(20);
    expect(out.map((o) => o.row.n)).toEqual([1]);
  });

  it('windows over several windows fire in start order; negative times floor correctly', () => {
    const { chain, out } = collect([window(10)]);
    chain.push({ k: 'a', v: 1 }, 25);
    chain.push({ k: 'a', v: 1 }, -5);
    chain.push({ k: 'a', v: 1 }, 5);
    chain.advanceWatermark(WM_MAX);
    expect(out.map((o) => o.row.ws)).toEqual([-10, 0, 20]);
  });

  it('key-group state round-trips through export/import and tracks dirty groups', () => {
    const a = collect([window()]);
    for (let i = 0; i < 50; i++) a.chain.push({ k: `key${i % 7}`, v: i }, i % 30);
    const state = a.chain.state!;
    const dirty = [...state.dirtyKeyGroups()];
    expect(dirty.length).toBeGreaterThan(0);
    const snapshot = new Map(dirty.map((kg) => [kg, JSON.parse(JSON.stringify(state.exportKeyGroup(kg)))]));
    const b = collect([window()]);
    for (const [kg, st] of snapshot) b.chain.state!.importKeyGroup(kg, st);
    a.chain.advanceWatermark(WM_MAX);
    b.chain.advanceWatermark(WM_MAX);
    expect(b.out).toEqual(a.out);
    // after firing everything, every group is dirty and empty
    expect([...a.chain.state!.keyGroups()]).toEqual([]);
    for (const kg of a.chain.state!.dirtyKeyGroups())
      expect(a.chain.state!.exportKeyGroup(kg)).toBeUndefined();
  });

  it('restoreWatermark sets the watermark without firing', () => {
    const { chain, out } = collect([window()]);
    chain.push({ k: 'a', v: 1 }, 1);
    chain.restoreWatermark(50);
    expect(out).toHaveLength(0);
    expect(chain.watermark).toBe(50);
  });

  it('an evaluation error after a window goes to the error handler, not lost with the rest', () => {
    const errors: unknown[] = [];
    const out: unknown[] = [];
    const chain = createOperatorChain(
      {
        operators: [
          window(10, [{ name: 'n', fn: 'count_star', arg: null, type: 'int' }]),
          { kind: 'project', columns: [{ name: 'x', expr: bin('/', lit(10), bin('-', col('n'), lit(2))) }] },
        ],
      },
      { keyGroups: 4, emit: (row) => out.push(row), onError: (err) => errors.push(err.message) },
    );
    chain.push({ k: 'a' }, 1);
    chain.push({ k: 'b' }, 1);
    chain.push({ k: 'b' }, 2);
    chain.push({ k: 'c' }, 2);
    chain.advanceWatermark(10);
    expect(errors).toEqual(['division by zero']);
    expect(out).toEqual([{ x: -10 }, { x: -10 }]);
  });
});
