import { describe, expect, it } from 'vitest';
import { compile, readUdfModule } from '../../../compiler/index.ts';
import { installUdfs } from '../../../functions/udf/registry.ts';
import { UdfNotBundledError } from '../../../functions/udf/udf-errors.ts';
import { runPipeline, TABLE, withUdfs } from './udf-fixtures.ts';

/** TypeScript UDFs at run time: conversions, NULL rules, errors to the dead-letter path, aggregates. */
const T0 = Date.UTC(2024, 0, 1);

describe('scalar UDFs', () => {
  it('converts BIGINT to bigint, TIMESTAMP to Date and arrays both ways', () => {
    const spec = withUdfs(
      `export const config = { ntags: { aggregate: false } };
       export function plus(n: bigint, ts: Date): Date { return ts; }
       export function ntags(tags: string[]): bigint { return 0n; }
       export function chars(s: string): string[] { return []; }`,
      {
        plus: (n: bigint, ts: Date) => new Date(ts.getTime() + Number(n)),
        ntags: (tags: string[]) => BigInt(tags.length),
        chars: (s: string) => [...s],
      },
      `${TABLE} SELECT plus(n, ts) AS p, ntags(tags) AS c, chars(s) AS cs FROM t;`,
    );
    const { out } = runPipeline(spec, [[{ n: 5, ts: T0, tags: ['a', 'b'], s: 'xy' }, T0]]);
    expect(out).toEqual([{ p: T0 + 5, c: 2, cs: ['x', 'y'] }]);
  });

  it('a NULL argument gives NULL without a call unless the parameter takes NULL', () => {
    const calls: unknown[] = [];
    const spec = withUdfs(
      `export function strict(x: number): number { return x; }
       export function lax(x: number | null): string { return ''; }`,
      {
        strict: (x: number) => {
          calls.push(x);
          return x + 1;
        },
        lax: (x: number | null) => (x === null ? 'none' : 'some'),
      },
      `${TABLE} SELECT strict(x) AS a, lax(x) AS b FROM t;`,
    );
    const { out } = runPipeline(spec, [
      [{ x: null }, T0],
      [{ x: 1 }, T0],
    ]);
    expect(out).toEqual([
      { a: null, b: 'none' },
      { a: 2, b: 'some' },
    ]);
    expect(calls).toEqual([1]);
  });

  it('a throw, a result of the wrong type or an undeclared NULL dead-letters the row', () => {
    const spec = withUdfs(
      'export function f(x: number): number { return x; }',
      {
        f: (x: number) => {
          if (x === 1) throw new Error('no ones');
          if (x === 2) return 'two';
          if (x === 3) return null;
          if (x === 4) return Number.NaN;
          if (x === 6) return Promise.reject(new Error('async after all'));
          return x;
        },
      },
      `${TABLE} SELECT f(x) AS y FROM t;`,
    );
    const { out, failed } = runPipeline(
      spec,
      [1, 2, 3, 4, 5, 6].map((x) => [{ x }, T0]),
    );
    expect(out).toEqual([{ y: 5 }]);
    expect(failed).toEqual([
      'UDF f() threw: no ones',
      'UDF f() returned "two", not a finite number',
      'UDF f() returned null, but its result type is not nullable (declare T | null)',
      'UDF f() returned NaN, not a finite number',
      'UDF f() returned a Promise: declare its result Promise<T> to make it async',
    ]);
  });

  it('a BIGINT result must be a bigint within ±2^53', () => {
    const spec = withUdfs(
      'export function f(n: bigint): bigint { return n; }',
      { f: (n: bigint) => (n === 1n ? 2n ** 60n : n === 2n ? 2 : n) },
      `${TABLE} SELECT f(n) AS y FROM t;`,
    );
    const { out, failed } = runPipeline(spec, [
      [{ n: 1 }, T0],
      [{ n: 2 }, T0],
      [{ n: 3 }, T0],
    ]);
    expect(out).toEqual([{ y: 3 }]);
    expect(failed[0]).toContain('not a BIGINT within ±2^53');
    expect(failed[1]).toBe('UDF f() returned 2, not a bigint');
  });

  it('a bundle without the UDF module fails at install with UDF_NOT_BUNDLED', () => {
    const src = '// never registered\nexport function g(x: number): number { return x; }';
    const udfs = readUdfModule('/virtual/missing.ts', src, 'missing.ts');
    const spec = compile(`${TABLE} SELECT g(x) AS y FROM t;`, { name: 'missing', udfs });
    let err: unknown;
    try {
      installUdfs(spec.udfs);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UdfNotBundledError);
    expect((err as UdfNotBundledError).code).toBe('UDF_NOT_BUNDLED');
    expect((err as Error).message).toContain('/virtual/missing.ts');
  });
});

describe('aggregate UDFs', () => {
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
  };
  const SRC = `export function med(values: number[]): number { return 0; }
    export function all(values: (number | null)[]): bigint { return 0n; }
    export function firsts(values: string[]): string { return ''; }`;
  const IMPL = {
    med: median,
    all: (v: (number | null)[]) => BigInt(v.length),
    firsts: (v: string[]) => v.join(''),
  };
  const SQL = `${TABLE} SELECT window.start AS ws, med(x) AS m, all(x) AS n, firsts(s) AS f, count(x) AS c
    FROM t GROUP BY tumble(interval '10 seconds') AS window`;

  it('gets the window values in event-time order, NULLs only where the element type takes them', () => {
    const spec = withUdfs(SRC, IMPL, `${SQL};`);
    const rows: [Record<string, unknown>, number][] = [
      [{ x: 3, s: 'c' }, T0 + 3],
      [{ x: null, s: 'a' }, T0 + 1],
      [{ x: 1, s: 'b' }, T0 + 2],
      [{ x: 10, s: 'z' }, T0 + 10_000],
    ];
    const { out } = runPipeline(spec, rows, T0 + 30_000);
    expect(out).toEqual([
      { ws: T0, m: 2, n: 3, f: 'abc', c: 2 },
      { ws: T0 + 10_000, m: 10, n: 1, f: 'z', c: 1 },
    ]);
  });

  it('the state is JSON: exported and re-imported between batches, the result is the same', () => {
    const spec = withUdfs(SRC, IMPL, `${SQL};`);
    const rows: [Record<string, unknown>, number][] = Array.from({ length: 40 }, (_, i) => [
      { x: (i * 37) % 11, s: String.fromCharCode(97 + (i % 26)) },
      T0 + ((i * 7919) % 9_000),
    ]);
    const once = runPipeline(spec, rows, T0 + 20_000).out;
    const first = runPipeline(spec, rows.slice(0, 17));
    const state = first.chain.state!;
    const saved = [...state.keyGroups()].map((kg) => [
      kg,
      JSON.parse(JSON.stringify(state.exportKeyGroup(kg))),
    ]);
    const second = runPipeline(spec, []);
    for (const [kg, st] of saved) second.chain.state!.importKeyGroup(kg as number, st);
    for (const [row, t] of rows.slice(17)) second.chain.push(row, t);
    second.chain.advanceWatermark(T0 + 20_000);
    expect(second.out).toEqual(once);
  });

  it('a throwing aggregate UDF dead-letters its window row; the other windows still fire', () => {
    const spec = withUdfs(
      'export function boom(values: number[]): number { return 0; }',
      {
        boom: (v: number[]) => {
          if (v.includes(13)) throw new Error('unlucky');
          return v.length;
        },
      },
      `${TABLE} SELECT window.start AS ws, boom(x) AS b FROM t GROUP BY tumble(interval '10 seconds') AS window;`,
    );
    const { out, failed } = runPipeline(
      spec,
      [
        [{ x: 13 }, T0],
        [{ x: 1 }, T0 + 10_000],
      ],
      T0 + 30_000,
    );
    expect(out).toEqual([{ ws: T0 + 10_000, b: 1 }]);
    expect(failed).toEqual(['aggregate UDF boom() threw: unlucky']);
  });
});
