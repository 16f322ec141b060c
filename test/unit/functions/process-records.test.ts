import { describe, expect, it } from 'vitest';
import type { OutputRow } from '../../../functions/connectors/output-row.ts';
import { BadDataFailure } from '../../../functions/errors.ts';
import { createOperatorChain } from '../../../functions/operators/operator-chain.ts';
import { processRecords, type RecordLoopInput } from '../../../functions/runtime/process-records.ts';
import { createSourceParser } from '../../../functions/runtime/source-parser.ts';
import { ProducerDedupe } from '../../../functions/wire/dedupe.ts';
import { markerRecord } from '../../../functions/wire/envelope-packer.ts';
import type { KinesisEventRecord } from '../../../functions/wire/kinesis-event.ts';
import { sourceDropsLate } from '../../../functions/wire/topology.ts';
import { WM_MAX, WM_MIN } from '../../../functions/wire/watermark.ts';
import { tumblePipeline } from './fixtures.ts';

const spec = tumblePipeline({ sizeMs: 10, delayMs: 0 });
const s1 = spec.stages[0]!;
const s2 = spec.stages[1]!;

const rec = (seq: number, data: string): KinesisEventRecord => ({
  eventID: `shardId-000000000000:${seq}`,
  eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/x',
  kinesis: {
    data: Buffer.from(data).toString('base64'),
    sequenceNumber: String(seq),
    approximateArrivalTimestamp: 1,
  },
});

interface Committed {
  producers: Map<string, ProducerDedupe>;
  wm: number;
  srcMax: number;
  state: Map<number, unknown>;
}

/** Runs records through the loop in batches, "committing" (serializing) state between batches. */
function runBatches(stage: typeof s1, batches: KinesisEventRecord[][], expected: string[] = []) {
  let c: Committed = { producers: new Map(), wm: WM_MIN, srcMax: WM_MIN, state: new Map() };
  const outs: (OutputRow & { n: number })[] = [];
  const stats = { in: 0, dup: 0, late: 0, dlq: 0, out: 0 };
  for (const batch of batches) {
    const chain = createOperatorChain(stage, { keyGroups: spec.keyGroups });
    for (const [kg, st] of c.state) chain.state?.importKeyGroup(kg, st);
    chain.restoreWatermark(c.wm);
    const producers = new Map(
      [...c.producers].map(([k, p]) => [k, ProducerDedupe.fromDoc(JSON.parse(JSON.stringify(p.toDoc())))]),
    );
    const input: RecordLoopInput = {
      spec,
      stage,
      shardId: 'shardId-000000000000',
      streamName: 'x',
      chain,
      producers,
      watermark: c.wm,
      srcMax: c.srcMax,
      expectedProducers: expected,
      dropLate: stage.input.kind === 'source' && sourceDropsLate(spec, stage),
      badData: 'drop',
      parseSource: stage.input.kind === 'source' ? createSourceParser(stage.input.source) : undefined,
      nowIso: '2024-01-01T00:00:00.000Z',
    };
    const res = processRecords(input, batch);
    let seq = '';
    let n = 0;
    for (const o of res.outs) {
      n = o.seq === seq ? n + 1 : 0;
      seq = o.seq;
      outs.push({ ...o, n });
    }
    for (const k of Object.keys(stats) as (keyof typeof stats)[]) stats[k] += res.stats[k];
    const state = new Map<number, unknown>(c.state);
    for (const kg of chain.state?.dirtyKeyGroups() ?? []) {
      const st = chain.state!.exportKeyGroup(kg);
      if (st === undefined) state.delete(kg);
      else state.set(kg, JSON.parse(JSON.stringify(st)));
    }
    c = { producers, wm: res.watermark, srcMax: res.srcMax, state };
  }
  return { outs, stats, committed: c };
}

const edgeEnv = (f: string, lo: string, hi: string, rows: [string, number, unknown][], w?: number) => {
  const q = [...new Set(rows.map((r) => r[0]))];
  return JSON.stringify({
    v: 1,
    p: 's1',
    s: 'shardId-000000000000',
    f,
    lo,
    hi,
    q,
    rows: rows.map(([s, t, row]) => [q.indexOf(s), t, row]),
    ...(w !== undefined ? { w } : {}),
  });
};

describe('processRecords', () => {
  // Stage s2's input: data from s1 (a zombie's copy included), markers advancing the watermark.
  const input = [
    rec(
      1,
      edgeEnv('0', '0', '3', [
        ['1', 1, { user: 'a', amount: 1 }],
        ['2', 2, { user: 'b', amount: 2 }],
        ['3', 3, { user: 'a', amount: 3 }],
      ]),
    ),
    rec(
      2,
      markerRecord({
        producer: 's1',
        shard: 'shardId-000000000000',
        frontier: '0',
        lo: '3',
        hi: '3',
        watermark: 5,
        eos: false,
      }),
    ),
    rec(
      3,
      edgeEnv('3', '3', '5', [
        ['4', 11, { user: 'a', amount: 4 }],
        ['5', 12, { user: 'c', amount: 5 }],
      ]),
    ),
    rec(
      4,
      edgeEnv('0', '0', '3', [
        ['1', 1, { user: 'a', amount: 1 }],
        ['2', 2, { user: 'b', amount: 2 }],
      ]),
    ), // zombie copy
    rec(
      5,
      markerRecord({
        producer: 's1',
        shard: 'shardId-000000000000',
        frontier: '3',
        lo: '5',
        hi: '5',
        watermark: 15,
        eos: false,
      }),
    ),
    rec(6, edgeEnv('5', '5', '6', [['6', 21, { user: 'b', amount: 6 }]])),
    rec(
      7,
      markerRecord({
        producer: 's1',
        shard: 'shardId-000000000000',
        frontier: '5',
        lo: '6',
        hi: '6',
        watermark: WM_MAX,
        eos: true,
      }),
    ),
  ];
  const expected = ['s1/shardId-000000000000'];

  it('gives the same outputs, with the same attribution, whatever the batch boundaries (I2)', () => {
    const whole = runBatches(s2, [input], expected);
    expect(whole.outs.map((o) => [o.seq, o.n, o.id, o.row.user, o.row.n, o.row.total])).toEqual([
      ['5', 0, '0:["a"]', 'a', 2, 4],
      ['5', 1, '0:["b"]', 'b', 1, 2],
      ['7', 0, '10:["a"]', 'a', 1, 4],
      ['7', 1, '10:["c"]', 'c', 1, 5],
      ['7', 2, '20:["b"]', 'b', 1, 6],
    ]);
    expect(whole.stats).toMatchObject({ in: 6, dup: 2, late: 0, out: 5 });
    expect(whole.committed.wm).toBe(WM_MAX);
    expect(whole.committed.state.size).toBe(0);
    for (const split of [[1], [2, 5], [1, 2, 3, 4, 5, 6], [3, 4]]) {
      const batches: KinesisEventRecord[][] = [];
      let from = 0;
      for (const at of [...split, input.length]) {
        batches.push(input.slice(from, at));
        from = at;
      }
      const res = runBatches(s2, batches, expected);
      expect(res.outs).toEqual(whole.outs);
      expect(res.stats).toEqual(whole.stats);
    }
  });

  it('waits for every expected producer before the watermark moves', () => {
    const res = runBatches(s2, [input], [...expected, 's1/shardId-000000000001']);
    expect(res.outs).toEqual([]);
    expect(res.committed.wm).toBe(WM_MIN);
  });

  it('source stage: parses lines, dedupes ingest chunks, drops late rows per record, dead-letters poison', () => {
    const line = (id: number, ts: number, user = 'u', amount = 1) => JSON.stringify({ id, user, amount, ts });
    const ingest = (lo: string, lines: [number, string][], eos = false) =>
      JSON.stringify({
        v: 1,
        p: 'ingest:orders',
        s: 'part-0',
        f: '0',
        lo,
        hi: String(lines.at(-1)?.[0] ?? lo),
        q: lines.map(([n]) => String(n)),
        rows: lines.map(([, text], i) => [i, 0, text]),
        ...(eos ? { w: WM_MAX, eos: true } : {}),
      });
    const records = [
      rec(
        10,
        ingest('0', [
          [1, line(1, 100)],
          [2, line(2, 50)],
          [3, '{broken'],
        ]),
      ),
      rec(
        11,
        ingest('0', [
          [1, line(1, 100)],
          [2, line(2, 50)],
          [3, '{broken'],
        ]),
      ), // duplicate put
      rec(
        12,
        ingest('3', [
          [4, line(4, 60)],
          [5, line(5, 120, 'v', 0)],
        ]),
      ),
      rec(
        13,
        markerRecord({
          producer: 'ingest:orders',
          shard: 'part-0',
          frontier: '0',
          lo: '5',
          hi: '5',
          watermark: WM_MAX,
          eos: true,
        }),
      ),
    ];
    const res = runBatches(s1, [records]);
    expect(res.outs.map((o) => [o.seq, o.t, o.row])).toEqual([
      ['10', 100, { user: 'u', amount: 1 }],
      ['10', 50, { user: 'u', amount: 1 }],
    ]);
    // line 4 (t=60) is late: after record 10 the watermark is 100; line 5 is filtered (amount 0)
    expect(res.stats).toMatchObject({ in: 5, dup: 3, late: 1, dlq: 1 });
    expect(res.committed.wm).toBe(WM_MAX);
  });

  it('source stage after a merge: lateness is per ingest part, so how two parts interleave never matters', () => {
    const line = (id: number, ts: number) => JSON.stringify({ id, user: 'u', amount: 1, ts });
    const chunk = (part: string, lo: string, lines: [number, number][], eos = false) =>
      JSON.stringify({
        v: 1,
        p: 'ingest:orders',
        s: part,
        f: '0',
        lo,
        hi: String(lines.at(-1)![0]),
        q: lines.map(([n]) => String(n)),
        rows: lines.map(([n, ts], i) => [i, 0, line(n, ts)]),
        ...(eos ? { w: WM_MAX, eos: true } : {}),
      });
    // Two ingest parts share this shard (as after a merge). Delay 0: part-0's line 5 at t 112 is on
    // time by part-0's own order (its max is 110) but would be late against part-1's t 130.
    const p0a = chunk('part-0', '0', [
      [1, 100],
      [2, 110],
    ]);
    const p1 = chunk('part-1', '0', [
      [3, 120],
      [4, 130],
    ]);
    const p0b = chunk('part-0', '2', [
      [5, 112],
      [6, 140],
    ]);
    const ends = [
      markerRecord({
        producer: 'ingest:orders',
        shard: 'part-0',
        frontier: '0',
        lo: '6',
        hi: '6',
        watermark: WM_MAX,
        eos: true,
      }),
      markerRecord({
        producer: 'ingest:orders',
        shard: 'part-1',
        frontier: '0',
        lo: '4',
        hi: '4',
        watermark: WM_MAX,
        eos: true,
      }),
    ];
    // A retried part-0 record landing after part-1's later one (fact 2) in a merged shard.
    const orders = [
      [p0a, p0b, p1],
      [p0a, p1, p0b],
      [p1, p0a, p0b],
    ];
    const results = orders.map((o) => runBatches(s1, [[...o, ...ends].map((d, i) => rec(20 + i, d))]));
    for (const r of results) {
      expect(r.stats).toMatchObject({ in: 6, late: 0 });
      expect(r.outs.map((o) => o.t).sort()).toEqual([100, 110, 112, 120, 130, 140]);
    }
    // Within one part the file order still decides: part-0 line 5 at t 105 after t 110 is late.
    const late = runBatches(s1, [[rec(30, p0a), rec(31, chunk('part-0', '2', [[5, 105]]))]]);
    expect(late.stats).toMatchObject({ in: 3, late: 1 });
  });

  it("bad_data = 'fail' throws BadDataFailure naming file and line", () => {
    const failing = tumblePipeline({ badData: 'fail', sourcePath: '/data/orders.jsonl' });
    const stage = failing.stages[0]!;
    const chain = createOperatorChain(stage, { keyGroups: 16 });
    const env = JSON.stringify({
      v: 1,
      p: 'ingest:orders',
      s: 'part-0',
      f: '0',
      lo: '0',
      hi: '7',
      q: ['7'],
      rows: [[0, 0, 'nope']],
    });
    try {
      processRecords(
        {
          spec: failing,
          stage,
          shardId: 'shardId-000000000000',
          streamName: 'x',
          chain,
          producers: new Map(),
          watermark: WM_MIN,
          srcMax: WM_MIN,
          expectedProducers: [],
          dropLate: true,
          badData: 'fail',
          parseSource: createSourceParser(
            stage.input.kind === 'source' ? stage.input.source : (undefined as never),
          ),
          nowIso: '',
        },
        [rec(1, env)],
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadDataFailure);
      expect((err as BadDataFailure).position).toBe('/data/orders.jsonl:7');
    }
  });
});
