import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../functions/errors.ts';
import {
  decodeEnvelope,
  type Envelope,
  encodeEnvelope,
  envelopeRowIds,
  forEachEnvelopeRow,
} from '../../../functions/wire/envelope.ts';
import { EnvelopePacker, markerRecord } from '../../../functions/wire/envelope-packer.ts';

/** A marker's fields by name (envelope-packer.ts MarkerFields). */
const marker = { producer: 's1', shard: 'sh', frontier: '10', lo: '10', hi: '20', watermark: 99, eos: true };

describe('envelope', () => {
  const env: Envelope = {
    v: 1,
    p: 's1',
    s: 'shardId-000000000000',
    f: '100',
    lo: '100',
    hi: '130',
    q: ['110', '120'],
    rows: [
      [0, 5, { a: 1 }],
      [1, 6, { a: 2 }],
      [0, 7, { a: 3 }],
    ],
    w: 1000,
  };

  it('round-trips and yields row positions', () => {
    const back = decodeEnvelope(new TextEncoder().encode(encodeEnvelope(env)));
    expect(back).toEqual(env);
    const seen: [string, number, number][] = [];
    forEachEnvelopeRow(back, (seq, index, t) => seen.push([seq, index, t]));
    expect(seen).toEqual([
      ['110', 0, 5],
      ['120', 0, 6],
      ['110', 1, 7],
    ]);
    expect(envelopeRowIds(back)).toEqual([
      's1:shardId-000000000000:110:0',
      's1:shardId-000000000000:120:0',
      's1:shardId-000000000000:110:1',
    ]);
    expect(envelopeRowIds({ ...env, b: 5 })[0]).toBe('s1:shardId-000000000000:110:5');
  });

  it('rejects what is not an envelope', () => {
    expect(() => decodeEnvelope('{"hello":1}')).toThrow(DecodeError);
    expect(() => decodeEnvelope('not json')).toThrow(DecodeError);
    expect(() => decodeEnvelope(JSON.stringify({ ...env, rows: [[2, 0, {}]] }))).toThrow(/q\[2\]/);
    expect(() => decodeEnvelope(JSON.stringify({ ...env, lo: 'x' }))).toThrow(DecodeError);
    expect(() => decodeEnvelope(new Uint8Array([0xff, 0xfe]))).toThrow(DecodeError);
  });

  it('marker records carry no rows', () => {
    const m = decodeEnvelope(markerRecord(marker));
    expect(m).toMatchObject({ rows: [], q: [], w: 99, eos: true, lo: '10', hi: '20' });
  });
});

describe('EnvelopePacker', () => {
  it('packs by bytes and claims contiguous (lo, hi] ranges', () => {
    const p = new EnvelopePacker({ producer: 's1', shard: 'sh0', frontier: '100' }, '100', {
      targetBytes: 2000,
    });
    for (let i = 101; i <= 160; i++) p.add(String(i), i, { pad: 'x'.repeat(100) });
    const recs = p.finish('170').map((r) => decodeEnvelope(r.data));
    expect(recs.length).toBeGreaterThan(3);
    expect(recs[0]!.lo).toBe('100');
    expect(recs.at(-1)!.hi).toBe('170');
    for (let i = 1; i < recs.length; i++) expect(recs[i]!.lo).toBe(recs[i - 1]!.hi);
    expect(recs.reduce((n, r) => n + r.rows.length, 0)).toBe(60);
    for (const r of p.finish('170')) expect(r.bytes).toBeLessThanOrEqual(2300);
    expect(p.markerLo()).toBe('170');
  });

  it('splits one input over several records with sub-positions and a base index', () => {
    const p = new EnvelopePacker({ producer: 's2', shard: 'sh0', frontier: '0' }, '0', { targetBytes: 1000 });
    for (let k = 0; k < 30; k++) p.add('7', 0, { k, pad: 'y'.repeat(60) });
    p.add('9', 0, { last: true });
    const recs = p.finish('9').map((r) => decodeEnvelope(r.data));
    expect(recs.length).toBeGreaterThan(2);
    const ids: string[] = [];
    for (const r of recs) forEachEnvelopeRow(r, (seq, i) => ids.push(`${seq}:${i}`));
    expect(ids).toEqual([...Array.from({ length: 30 }, (_, k) => `7:${k}`), '9:0']);
    expect(recs[0]!.hi).toMatch(/^7:\d+$/);
    expect(recs[1]!.lo).toBe(recs[0]!.hi);
    expect(recs[1]!.b).toBe(Number(recs[0]!.hi.split(':')[1]) + 1);
  });

  it('writes the wire bytes of the format (pinned: checkpoints and consumers depend on them)', () => {
    const p = new EnvelopePacker({ producer: 's1', shard: 'shardId-000000000001', frontier: '42' }, '40', {
      targetBytes: 300,
      target: 'shardId-000000000003',
    });
    for (let k = 0; k < 8; k++) p.add(String(43 + (k >> 2)), 1000 + k, { k, s: 'é"x' });
    expect(p.finish('47')[1]!.data).toBe(
      '{"v":1,"p":"s1","s":"shardId-000000000001","f":"42","lo":"43:0","hi":"43:1","b":1,"t":"shardId-000000000003","q":["43"],"rows":[[0,1001,{"k":1,"s":"é\\"x"}]]}',
    );
    expect(markerRecord({ ...marker, target: 'x', lineage: { a: ['b'] } })).toBe(
      '{"v":1,"p":"s1","s":"sh","f":"10","lo":"10","hi":"20","q":[],"rows":[],"w":99,"eos":true,"t":"x","lin":{"a":["b"]}}',
    );
  });

  it('an invocation with no rows for a target produces no data records', () => {
    const p = new EnvelopePacker({ producer: 's1', shard: 'sh0', frontier: '5' }, '5');
    expect(p.finish('9')).toEqual([]);
    expect(p.markerLo()).toBe('5');
  });
});
