import { describe, expect, it } from 'vitest';
import { type NexmarkOptions, nexmarkMaxDelayMs } from '../../../compiler/spec/index.ts';
import {
  flatDocument,
  nestedDocument,
  nexmarkEvent,
  nexmarkEvents,
} from '../../../functions/connectors/nexmark/generator.ts';
import { nexmarkLines } from '../../../functions/connectors/nexmark/nexmark-lines.ts';

const opts = (o: Partial<NexmarkOptions> = {}): NexmarkOptions => ({
  seed: 3,
  eventRate: 1000,
  events: 5000,
  outOfOrderGroupSize: 8,
  probDelayedEvent: 0.1,
  occasionalDelayMs: 2000,
  baseTimeMs: Date.parse('2024-01-01T00:00:00Z'),
  ...o,
});

describe('nexmark generator', () => {
  it('is deterministic: the same options give the same events, and event n does not depend on the range', () => {
    const a = [...nexmarkEvents(opts())];
    expect([...nexmarkEvents(opts())]).toEqual(a);
    expect([...nexmarkEvents(opts(), 1234, 1300)]).toEqual(a.slice(1234, 1300));
    expect(nexmarkEvent(opts(), 4321)).toEqual(a[4321]);
    expect([...nexmarkEvents(opts({ seed: 4 }))]).not.toEqual(a);
  });

  it('emits people, auctions and bids in proportions 1:3:46', () => {
    const counts = { person: 0, auction: 0, bid: 0 };
    for (const e of nexmarkEvents(opts({ events: 50_000 }))) counts[e.kind]++;
    expect(counts).toEqual({ person: 1000, auction: 3000, bid: 46_000 });
  });

  it('numbers people and auctions from 1000; bids name existing-ish auctions and bidders', () => {
    const events = [...nexmarkEvents(opts({ outOfOrderGroupSize: 1, probDelayedEvent: 0 }))];
    const people = events.flatMap((e) => (e.kind === 'person' ? [e.person.id] : []));
    const auctions = events.flatMap((e) => (e.kind === 'auction' ? [e.auction.id] : []));
    expect(people.slice(0, 3)).toEqual([1000, 1001, 1002]);
    expect(auctions.slice(0, 4)).toEqual([1000, 1001, 1002, 1003]);
    for (const e of events)
      if (e.kind === 'bid') {
        expect(e.bid.auction).toBeGreaterThanOrEqual(1000);
        expect(e.bid.auction).toBeLessThanOrEqual(Math.max(...auctions) + 10);
      }
  });

  it('keeps every event within the watermark delay of the newest before it (no late events)', () => {
    for (const o of [opts(), opts({ outOfOrderGroupSize: 1 }), opts({ probDelayedEvent: 1 })]) {
      let newest = Number.NEGATIVE_INFINITY;
      let lag = 0;
      for (const e of nexmarkEvents(o)) {
        lag = Math.max(lag, newest - e.time);
        newest = Math.max(newest, e.time);
      }
      expect(lag).toBeGreaterThan(0);
      expect(lag).toBeLessThanOrEqual(nexmarkMaxDelayMs(o));
    }
  });

  it('writes the flat document the source reads and the nested one DuckDB reads', () => {
    const bid = [...nexmarkEvents(opts())].find((e) => e.kind === 'bid');
    if (bid?.kind !== 'bid') throw new Error('no bid');
    expect(flatDocument(bid)).toMatchObject({ _timestamp: bid.time, bid: true, 'bid.price': bid.bid.price });
    expect(nestedDocument(bid)).toMatchObject({ person: null, auction: null, bid: { price: bid.bid.price } });
    expect([...nexmarkLines(opts(), 0, 2)].map((l) => JSON.parse(l) as unknown)).toEqual(
      [...nexmarkEvents(opts(), 0, 2)].map(flatDocument),
    );
  });
});
