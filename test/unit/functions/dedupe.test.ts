import { describe, expect, it } from 'vitest';
import { ProducerDedupe } from '../../../functions/wire/dedupe.ts';
import { IntervalSet } from '../../../functions/wire/interval-set.ts';
import { cmpSeq, parsePos } from '../../../functions/wire/seq.ts';

const P = parsePos;

describe('sequence numbers and positions', () => {
  it('compare as integers', () => {
    expect(cmpSeq('9', '10')).toBe(-1);
    expect(
      cmpSeq(
        '49590338271490256608559692538361571095921575989136588898',
        '49590338271490256608559692538361571095921575989136588899',
      ),
    ).toBe(-1);
    expect(cmpSeq('12', '12')).toBe(0);
  });
});

describe('IntervalSet', () => {
  it('merges overlapping and touching intervals, keeps gaps', () => {
    const s = new IntervalSet();
    s.add(P('10'), P('20'));
    s.add(P('30'), P('40'));
    expect(s.toJSON()).toEqual([
      ['10', '20'],
      ['30', '40'],
    ]);
    s.add(P('20'), P('30'));
    expect(s.toJSON()).toEqual([['10', '40']]);
    s.add(P('5'), P('7'));
    s.add(P('45'), P('50'));
    s.add(P('6'), P('46'));
    expect(s.toJSON()).toEqual([['5', '50']]);
  });

  it('covers (lo, hi] with sub-positions', () => {
    const s = IntervalSet.fromJSON([['10', '20:3']]);
    expect(s.covers(P('10:5'))).toBe(false); // all outputs of 10 lie at or below "10"
    expect(s.covers(P('11:0'))).toBe(true);
    expect(s.covers(P('20:3'))).toBe(true);
    expect(s.covers(P('20:4'))).toBe(false);
    s.add(P('20:3'), P('25'));
    expect(s.toJSON()).toEqual([['10', '25']]);
  });

  it('prunes at or below the frontier', () => {
    const s = IntervalSet.fromJSON([
      ['10', '20'],
      ['30', '40'],
    ]);
    s.pruneAtOrBelow(P('35'));
    expect(s.toJSON()).toEqual([['35', '40']]);
    s.pruneAtOrBelow(P('40'));
    expect(s.size).toBe(0);
  });

  it('intersects', () => {
    const s = IntervalSet.fromJSON([['10', '20']]);
    expect(s.intersects(P('20'), P('30'))).toBe(false);
    expect(s.intersects(P('19'), P('30'))).toBe(true);
    expect(s.intersects(P('0'), P('10'))).toBe(false);
  });
});

/** A producer record as the dedupe sees it, with its rows as (seq, index). */
interface Rec {
  f: string;
  lo: string;
  hi: string;
  rows: [string, number][];
  w?: number;
}

function deliver(d: ProducerDedupe, recs: Rec[]): string[] {
  const accepted: string[] = [];
  for (const r of recs) {
    const fresh = d.isFresh(r.lo, r.hi);
    for (const [s, i] of r.rows) if (fresh || !d.isDuplicate(s, i)) accepted.push(`${s}:${i}`);
    d.afterRecord({ f: r.f, lo: r.lo, hi: r.hi, ...(r.w !== undefined ? { w: r.w } : {}) });
  }
  return accepted;
}

describe('ProducerDedupe (I4)', () => {
  // Invocation A (zombie) processed inputs 101..200 from committed 100; B (retry) 101..150 and commits;
  // C processes 151..250 from 150. Each input i yields one output (i, 0).
  const rows = (from: number, to: number): [string, number][] =>
    Array.from({ length: to - from + 1 }, (_, k) => [String(from + k), 0]);
  const A: Rec = { f: '100', lo: '100', hi: '200', rows: rows(101, 200) };
  const B: Rec = { f: '100', lo: '100', hi: '150', rows: rows(101, 150) };
  const C: Rec = { f: '150', lo: '150', hi: '250', rows: rows(151, 250) };
  const expected = rows(101, 250).map(([s, i]) => `${s}:${i}`);

  it('accepts each output once whatever order the records arrive in (zombie first, late, duplicated)', () => {
    const orders: Rec[][] = [
      [A, B, C],
      [B, C, A],
      [B, A, C],
      [B, C, A, A, B, C],
      [A, A, B, C, C],
    ];
    for (const order of orders) {
      const accepted = deliver(ProducerDedupe.empty(), order);
      expect([...accepted].sort()).toEqual([...expected].sort());
    }
  });

  it('handles records reordered by partial PutRecords retries within one invocation', () => {
    const r1: Rec = { f: '100', lo: '100', hi: '120', rows: rows(101, 120) };
    const r2: Rec = { f: '100', lo: '120', hi: '140', rows: rows(121, 140) };
    const r3: Rec = { f: '100', lo: '140', hi: '150', rows: rows(141, 150) };
    const d = ProducerDedupe.empty();
    const accepted = deliver(d, [r2, r3, r1, r2]);
    expect(accepted).toHaveLength(50);
    expect(d.toDoc().iv).toEqual([['100', '150']]);
  });

  it('dedupes an input whose outputs were split over records (sub-positions)', () => {
    const part1: Rec = {
      f: '0',
      lo: '0',
      hi: '5:1',
      rows: [
        ['5', 0],
        ['5', 1],
      ],
    };
    const part2: Rec = { f: '0', lo: '5:1', hi: '5', rows: [['5', 2]] };
    const d = ProducerDedupe.empty();
    expect(deliver(d, [part2, part1, part1, part2])).toEqual(['5:2', '5:0', '5:1']);
  });

  it('prunes intervals as the frontier advances and keeps the highest watermark', () => {
    const d = ProducerDedupe.empty();
    deliver(d, [
      { ...B, w: 50 },
      { ...C, w: 70 },
      { ...A, w: 60 },
    ]);
    expect(d.frontier).toBe('150');
    expect(d.toDoc().iv).toEqual([['150', '250']]);
    expect(d.w).toBe(70);
    deliver(d, [{ f: '250', lo: '250', hi: '260', rows: [] }]);
    expect(d.toDoc().iv).toEqual([['250', '260']]);
    expect(d.isDuplicate('170', 0)).toBe(true);
  });
});
