import { describe, expect, it } from 'vitest';
import type { SourceSpec } from '../../../compiler/spec/index.ts';
import { DecodeError } from '../../../functions/errors.ts';
import { createAccumulators } from '../../../functions/operators/accumulators.ts';
import { changeRow, mapChange } from '../../../functions/operators/change-row.ts';
import { createFusedStateless } from '../../../functions/operators/fused-stateless.ts';
import { createRetraction } from '../../../functions/operators/retract.ts';
import type { Row } from '../../../functions/operators/types.ts';
import { createSourceParser } from '../../../functions/runtime/source-parser.ts';

const source: SourceSpec = {
  kind: 'single_file',
  path: 'x.jsonl',
  table: 'orders',
  format: 'debezium_json',
  badData: 'drop',
  schema: [
    { name: 'id', type: 'int', nullable: false },
    { name: 'q', type: 'int', nullable: true },
    { name: 'at', type: 'timestamp', nullable: true },
  ],
  eventTime: null,
  idleMs: null,
  maxFutureMs: null,
} as SourceSpec;
const parse = createSourceParser(source);
const line = (o: unknown) => JSON.stringify(o);

describe('debezium_json source parser', () => {
  it('maps c and r to a create, u to an update, d to a delete; timestamps are epoch ns (Arroyo)', () => {
    const a = { id: 1, q: 2, at: 1_734_539_354_748_899 };
    const b = { id: 1, q: 3, at: null };
    expect(parse(line({ before: null, after: a, op: 'c', source: {} })).row).toEqual(
      changeRow(null, { id: 1, q: 2, at: 1_734_539_354 }, 'c'),
    );
    expect(parse(line({ after: a, op: 'r' })).row).toEqual(
      changeRow(null, { id: 1, q: 2, at: 1_734_539_354 }, 'c'),
    );
    expect(parse(line({ before: a, after: b, op: 'u' })).row).toEqual(
      changeRow({ id: 1, q: 2, at: 1_734_539_354 }, b, 'u'),
    );
    expect(parse(line({ before: b, after: null, op: 'd' })).row).toEqual(changeRow(b, null, 'd'));
  });

  it('throws DecodeError naming the fault of a malformed change (dead-lettered, I8)', () => {
    const a = { id: 1, q: 2 };
    const cases: [unknown, RegExp][] = [
      [{ after: a, op: 'x' }, /'op' must be one of 'c', 'r', 'u', 'd', got "x"/],
      [{ after: a }, /'op' must be one of/],
      [{ before: null, after: a, op: 'u' }, /op 'u' needs 'before' to be an object, got null/],
      [{ before: a, op: 'c' }, /op 'c' needs 'after' to be an object/],
      [{ after: a, op: 'd' }, /op 'd' needs 'before'/],
      [{ after: { id: 'one' }, op: 'c' }, /field 'id' must be an integer/],
      [{ after: { q: 1 }, op: 'c' }, /field 'id' is missing or null but NOT NULL/],
    ];
    for (const [doc] of cases) expect(() => parse(line(doc)), line(doc)).toThrow(DecodeError);
    for (const [doc, msg] of cases) expect(() => parse(line(doc)), line(doc)).toThrow(msg);
  });
});

describe('change rows through filters and projections', () => {
  const keepBig = (r: Row) => ((r.q as number) > 1 ? { id: r.id, q2: (r.q as number) * 2 } : undefined);
  it('maps each side and recombines by which side survives', () => {
    const lo = { id: 1, q: 1 };
    const hi = { id: 1, q: 5 };
    const hi2 = { id: 1, q: 6 };
    expect(mapChange(changeRow(lo, hi, 'u'), keepBig)).toEqual(changeRow(null, { id: 1, q2: 10 }, 'c'));
    expect(mapChange(changeRow(hi, lo, 'u'), keepBig)).toEqual(changeRow({ id: 1, q2: 10 }, null, 'd'));
    expect(mapChange(changeRow(hi, hi2, 'u'), keepBig)).toEqual(
      changeRow({ id: 1, q2: 10 }, { id: 1, q2: 12 }, 'u'),
    );
    expect(mapChange(changeRow(lo, { id: 1, q: 0 }, 'u'), keepBig)).toBeUndefined();
    expect(mapChange(changeRow(hi, null, 'd'), keepBig)).toEqual(changeRow({ id: 1, q2: 10 }, null, 'd'));
    expect(mapChange(hi, keepBig)).toEqual({ id: 1, q2: 10 });
  });

  it('an update the projection cannot tell apart emits nothing', () => {
    const out: Row[] = [];
    const op = createFusedStateless(
      [{ kind: 'project', columns: [{ name: 'id', expr: { kind: 'column', name: 'id', type: 'int' } }] }],
      (r) => out.push(r),
    );
    op.push(changeRow({ id: 1, q: 1 }, { id: 1, q: 2 }, 'u'), 0, undefined);
    op.push(changeRow({ id: 1, q: 2 }, null, 'd'), 0, undefined);
    expect(out).toEqual([changeRow({ id: 1 }, null, 'd')]);
  });
});

describe('retraction of aggregates over a changelog', () => {
  it('takes rows back out of count, count(*), sum, avg and count(DISTINCT)', () => {
    const aggs = [
      { name: 'n', fn: 'count_star', arg: null },
      { name: 'c', fn: 'count', arg: 'v' },
      { name: 's', fn: 'sum', arg: 'v' },
      { name: 'a', fn: 'avg', arg: 'v' },
      { name: 'd', fn: 'count_distinct', arg: 'v' },
    ] as const;
    const acc = createAccumulators(aggs);
    const retract = createRetraction(aggs);
    const st = acc.init();
    for (const v of [2, 2, 5, null]) acc.update(st, { v });
    retract(st, { v: 2 });
    retract(st, { v: null });
    const out: Row = {};
    acc.result(st, out);
    expect(out).toEqual({ n: 2, c: 2, s: 7, a: 3.5, d: 2 });
    retract(st, { v: 2 });
    acc.result(st, out);
    expect(out).toEqual({ n: 1, c: 1, s: 5, a: 5, d: 1 });
    retract(st, { v: 5 });
    acc.result(st, out);
    expect(out).toEqual({ n: 0, c: 0, s: null, a: null, d: 0 });
    expect(() => createRetraction([{ name: 'm', fn: 'max', arg: 'v' }])).toThrow(/max cannot retract/);
  });
});
