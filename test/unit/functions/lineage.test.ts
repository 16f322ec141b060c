import type { Shard } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { ShardGraph } from '../../../functions/runtime/lineage-graph.ts';
import { inheritDoc, intersectIv, mergeProducer } from '../../../functions/runtime/lineage-merge.ts';
import { applyAnnouncement, isRetired, liveProducers } from '../../../functions/runtime/lineage-producers.ts';
import { emptyCheckpointDoc } from '../../../functions/state/checkpoint.ts';
import { ProducerDedupe, producerKey } from '../../../functions/wire/dedupe.ts';
import { keyGroupHashKey } from '../../../functions/wire/routing.ts';
import { WM_MIN } from '../../../functions/wire/watermark.ts';
import { tumblePipeline } from './fixtures.ts';

const MAX = (1n << 128n) - 1n;
const HALF = 1n << 127n;
const LOW: readonly [bigint, bigint] = [0n, HALF - 1n];
const HIGH: readonly [bigint, bigint] = [HALF, MAX];

const shard = (id: string, lo: bigint, hi: bigint, parents: string[] = [], closed = false): Shard => ({
  ShardId: id,
  HashKeyRange: { StartingHashKey: lo.toString(), EndingHashKey: hi.toString() },
  SequenceNumberRange: { StartingSequenceNumber: '1', ...(closed ? { EndingSequenceNumber: '9' } : {}) },
  ...(parents[0] ? { ParentShardId: parents[0] } : {}),
  ...(parents[1] ? { AdjacentParentShardId: parents[1] } : {}),
});

describe('ShardGraph', () => {
  it('knows parents, children, roots and open shards', () => {
    const g = new ShardGraph([
      shard('a', 0n, HALF - 1n, [], true),
      shard('b', HALF, MAX, [], true),
      shard('c', 0n, MAX, ['a', 'b']),
    ]);
    expect(g.node('c')?.parents).toEqual(['a', 'b']);
    expect(g.childrenOf('a')).toEqual(['c']);
    expect(g.roots()).toEqual(['a', 'b']);
    expect(g.open()).toEqual(['c']);
  });
});

describe('mergeProducer (dedupe state of a child, I4 + I5)', () => {
  it('a split child keeps its parent state as it is', () => {
    const doc = { f: '5', iv: [['7', '9']] as [string, string][], w: 10 };
    expect(mergeProducer([{ range: LOW, doc }])).toEqual(doc);
  });

  it('a merged child covers what all parents covered, and each parent’s own claims for its range only', () => {
    const merged = mergeProducer([
      { range: LOW, doc: { f: '5', iv: [['7', '12']], w: 10 } },
      { range: HIGH, doc: { f: '6', iv: [['7', '9']], w: 20 } },
    ]);
    expect(merged.f).toBe('6');
    expect(merged.w).toBe(20);
    expect(merged.iv).toEqual([['7', '9']]);
    expect(merged.seg).toEqual([[LOW[0].toString(), LOW[1].toString(), [['7', '12']]]]);
    const d = ProducerDedupe.fromDoc(merged);
    expect(d.isDuplicate('8', 0, () => HALF + 5n)).toBe(true); // both parents had it
    expect(d.isDuplicate('11', 0, () => 5n)).toBe(true); // the low parent had it
    expect(d.isDuplicate('11', 0, () => HALF + 5n)).toBe(false); // the high parent did not
    expect(d.isFresh('9', '12')).toBe(false);
    // Once the producer's frontier passes the segment, it is pruned away.
    d.afterRecord({ f: '12', lo: '12', hi: '14' });
    expect(d.toDoc().seg).toBeUndefined();
  });

  it('intersects interval lists', () => {
    expect(
      intersectIv(
        [
          ['1', '5'],
          ['8', '10'],
        ],
        [['3', '9']],
      ),
    ).toEqual([
      ['3', '5'],
      ['8', '9'],
    ]);
  });
});

describe('inheritDoc', () => {
  const spec = tumblePipeline({ p1: 2, p2: 2 });
  const s2 = spec.stages[1]!;

  it('keeps only the key groups whose hash key is in the child, and fresh progress, sink chain and stats', () => {
    const parent = emptyCheckpointDoc();
    parent.seq = '99';
    parent.wm = 1000;
    parent.sinkPart = 'x';
    parent.stats.in = 7;
    for (let kg = 0; kg < spec.keyGroups; kg++) parent.kg[String(kg)] = `ST#s2#p|${kg}`;
    parent.producers[producerKey('s1', 'shardId-000000000000')] = { f: '3', iv: [], w: 1000 };
    parent.producers[producerKey('s1', 'shardId-000000000001')] = { f: '4', iv: [], w: 2000 };
    const seeds = ['s1/shardId-000000000000', 's1/shardId-000000000001'];
    const child = inheritDoc(s2, spec.keyGroups, [{ range: [0n, MAX], doc: parent }], HIGH, seeds);
    const kgs = Object.keys(child.kg).map(Number);
    expect(kgs).toEqual(Array.from({ length: spec.keyGroups / 2 }, (_, i) => i + spec.keyGroups / 2));
    for (const kg of kgs) expect(BigInt(keyGroupHashKey(kg, spec.keyGroups)) >= HALF).toBe(true);
    expect(child.seq).toBe('0');
    expect(child.sinkPart).toBeNull();
    expect(child.stats.in).toBe(0);
    expect(child.wm).toBe(1000); // recomputed: min over the live producers
  });

  it('a merged child starts no higher than its lowest parent, whose open windows it inherits', () => {
    const seeds = ['s1/shardId-000000000000', 's1/shardId-000000000001'];
    const parent = (wm: number, w0: number, w1: number) => {
      const doc = emptyCheckpointDoc();
      doc.wm = wm;
      doc.producers[seeds[0]!] = { f: '3', iv: [], w: w0 };
      doc.producers[seeds[1]!] = { f: '4', iv: [], w: w1 };
      return doc;
    };
    // a saw s1/0 up to 100 (its watermark 100), b saw s1/1 only up to 120 but s1/0 up to 150
    const a = parent(100, 100, 200);
    const b = parent(120, 150, 120);
    const child = inheritDoc(
      s2,
      spec.keyGroups,
      [
        { range: [0n, HALF - 1n], doc: a },
        { range: [HALF, MAX], doc: b },
      ],
      [0n, MAX],
      seeds,
    );
    // recomputed from the merged producers it would be min(150, 200) = 150, above a's 100
    expect(child.producers[seeds[0]!]?.w).toBe(150);
    expect(child.wm).toBe(100);
  });
});

describe('downstream expected producers (I5)', () => {
  it('a closed producer stays in the minimum until every child is heard from', () => {
    const producers = new Map<string, ProducerDedupe>();
    const seeds = ['s1/a', 's1/b'];
    const a = ProducerDedupe.empty();
    a.w = 100;
    producers.set('s1/a', a);
    const b = ProducerDedupe.empty();
    b.w = 500;
    producers.set('s1/b', b);
    // child c1 of a announces itself (a split: a → c1, c2)
    const c1 = ProducerDedupe.empty();
    c1.w = 400;
    producers.set('s1/c1', c1);
    applyAnnouncement(producers, 's1', { a: ['c1', 'c2'] });
    expect(isRetired('s1/a', producers)).toBe(false);
    expect(liveProducers(seeds, producers, ['s1'])).toEqual(['s1/a', 's1/b', 's1/c1']);
    const c2 = ProducerDedupe.empty();
    c2.w = 450;
    producers.set('s1/c2', c2);
    expect(liveProducers(seeds, producers, ['s1'])).toEqual(['s1/b', 's1/c1', 's1/c2']);
  });

  it('an absorbed shard that never ran takes its parent’s watermark', () => {
    const producers = new Map<string, ProducerDedupe>();
    const a = ProducerDedupe.empty();
    a.w = 300;
    producers.set('s1/a', a);
    applyAnnouncement(producers, 's1', { a: ['m', 'n'], m: ['x', 'y'] });
    expect(producers.get('s1/m')?.w).toBe(300);
    expect(producers.get('s1/m')?.children).toEqual(['x', 'y']);
    expect(producers.get('s1/n')).toBeUndefined();
    expect(liveProducers([], producers, ['s1'])).toEqual(['s1/a', 's1/m']);
    expect(ProducerDedupe.empty().w).toBe(WM_MIN);
  });
});
