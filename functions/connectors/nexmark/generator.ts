import { NEXMARK_TIME_FIELD, type NexmarkOptions } from '../../../compiler/spec/index.ts';

/**
 * The Nexmark event generator (after the Beam/Flink NexmarkGenerator): people, auctions and bids in
 * proportions 1:3:46, hot sellers, bidders and auctions, events shuffled within out-of-order
 * groups, and occasionally delayed events. Pure: event n depends only on the options and n (its
 * random numbers come from a PRNG seeded with (seed, n)), so any range of events can be generated
 * anywhere (the CLI ingester locally, an ingest stage in the cloud) and a replay is exact.
 */
export interface Person {
  readonly id: number;
  readonly name: string;
  readonly email_address: string;
  readonly credit_card: string;
  readonly city: string;
  readonly state: string;
  readonly datetime: number;
  readonly extra: string;
}
export interface Auction {
  readonly id: number;
  readonly item_name: string;
  readonly description: string;
  readonly initial_bid: number;
  readonly reserve: number;
  readonly datetime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}
export interface Bid {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly datetime: number;
  readonly extra: string;
}
export type NexmarkEvent =
  | { readonly kind: 'person'; readonly time: number; readonly person: Person }
  | { readonly kind: 'auction'; readonly time: number; readonly auction: Auction }
  | { readonly kind: 'bid'; readonly time: number; readonly bid: Bid };

const PERSON_PROPORTION = 1;
const AUCTION_PROPORTION = 3;
const BID_PROPORTION = 46;
const TOTAL = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
const FIRST_PERSON_ID = 1000;
const FIRST_AUCTION_ID = 1000;
const FIRST_CATEGORY_ID = 10;
const NUM_CATEGORIES = 5;
const HOT_AUCTION_RATIO = 2;
const HOT_SELLER_RATIO = 4;
const HOT_BIDDER_RATIO = 4;
const NUM_ACTIVE_PEOPLE = 1000;
const NUM_IN_FLIGHT_AUCTIONS = 100;
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;

const FIRST_NAMES = [
  'Peter',
  'Paul',
  'Luke',
  'John',
  'Saul',
  'Vicky',
  'Kate',
  'Julie',
  'Sarah',
  'Deiter',
  'Walter',
];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
const CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];

/** murmur3's 32-bit finalizer. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32 seeded from (seed, event number). */
function rngFor(seed: number, n: number): () => number {
  let a = mix32(mix32(seed) ^ mix32(n) ^ Math.floor(n / 4294967296));
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rnd: () => number, n: number): number => Math.floor(rnd() * n);
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[int(rnd, xs.length)] as T;

function lastBase0PersonId(id: number): number {
  const epoch = Math.floor(id / TOTAL);
  const offset = Math.min(id % TOTAL, PERSON_PROPORTION - 1);
  return epoch * PERSON_PROPORTION + offset;
}

function lastBase0AuctionId(id: number): number {
  let epoch = Math.floor(id / TOTAL);
  let offset = id % TOTAL;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) offset = AUCTION_PROPORTION - 1;
  else offset -= PERSON_PROPORTION;
  return epoch * AUCTION_PROPORTION + offset;
}

function nextBase0PersonId(id: number, rnd: () => number): number {
  const numPeople = lastBase0PersonId(id) + 1;
  const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
  return numPeople - active + int(rnd, active + PERSON_ID_LEAD);
}

function nextBase0AuctionId(id: number, rnd: () => number): number {
  const max = lastBase0AuctionId(id);
  const min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
  return min + int(rnd, max - min + 1 + AUCTION_ID_LEAD);
}

const nextPrice = (rnd: () => number): number => Math.round(10 ** (rnd() * 6) * 100);

function nextString(rnd: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(97 + int(rnd, 26));
  return s;
}

/** Event time of event number n (before any occasional delay). */
const timeOf = (o: NexmarkOptions, n: number): number => o.baseTimeMs + Math.floor((n * 1000) / o.eventRate);

/** The n-th event of the stream (0-based), as emitted in stream position n. */
export function nexmarkEvent(o: NexmarkOptions, n: number): NexmarkEvent {
  const g = o.outOfOrderGroupSize;
  // Out-of-order groups: each full group of g positions carries its event numbers in reverse.
  const start = Math.floor(n / g) * g;
  const id = g <= 1 || start + g > o.events ? n : start + g - 1 - (n - start);
  const rnd = rngFor(o.seed, id);
  let time = timeOf(o, id);
  if (o.probDelayedEvent > 0 && rnd() < o.probDelayedEvent) time -= int(rnd, o.occasionalDelayMs + 1);
  const rem = id % TOTAL;
  if (rem < PERSON_PROPORTION) {
    const pid = lastBase0PersonId(id) + FIRST_PERSON_ID;
    const name = `${pick(rnd, FIRST_NAMES)} ${pick(rnd, LAST_NAMES)}`;
    return {
      kind: 'person',
      time,
      person: {
        id: pid,
        name,
        email_address: `${nextString(rnd, 7)}@${nextString(rnd, 5)}.com`,
        credit_card: Array.from({ length: 4 }, () => String(int(rnd, 10000)).padStart(4, '0')).join(' '),
        city: pick(rnd, US_CITIES),
        state: pick(rnd, US_STATES),
        datetime: time,
        extra: '',
      },
    };
  }
  if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) {
    const seller =
      (int(rnd, HOT_SELLER_RATIO) > 0
        ? Math.floor(lastBase0PersonId(id) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
        : nextBase0PersonId(id, rnd)) + FIRST_PERSON_ID;
    const initialBid = nextPrice(rnd);
    // An auction lasts long enough for about NUM_IN_FLIGHT_AUCTIONS others to start meanwhile.
    const spanMs = Math.ceil(((NUM_IN_FLIGHT_AUCTIONS * TOTAL) / AUCTION_PROPORTION) * (1000 / o.eventRate));
    return {
      kind: 'auction',
      time,
      auction: {
        id: lastBase0AuctionId(id) + FIRST_AUCTION_ID,
        item_name: nextString(rnd, 12),
        description: nextString(rnd, 20),
        initial_bid: initialBid,
        reserve: initialBid + nextPrice(rnd),
        datetime: time,
        expires: time + 1 + int(rnd, 2 * spanMs),
        seller,
        category: FIRST_CATEGORY_ID + int(rnd, NUM_CATEGORIES),
        extra: '',
      },
    };
  }
  const auction =
    (int(rnd, HOT_AUCTION_RATIO) > 0
      ? Math.floor(lastBase0AuctionId(id) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
      : nextBase0AuctionId(id, rnd)) + FIRST_AUCTION_ID;
  const bidder =
    (int(rnd, HOT_BIDDER_RATIO) > 0
      ? Math.floor(lastBase0PersonId(id) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
      : nextBase0PersonId(id, rnd)) + FIRST_PERSON_ID;
  const c = int(rnd, 10);
  const channel = c < CHANNELS.length ? (CHANNELS[c] as string) : `channel-${int(rnd, 10000)}`;
  return {
    kind: 'bid',
    time,
    bid: {
      auction,
      bidder,
      price: nextPrice(rnd),
      channel,
      url: `https://www.nexmark.com/${nextString(rnd, 5)}/item.htm?query=1&channel_id=${c}`,
      datetime: time,
      extra: '',
    },
  };
}

/** Events [from, to) in stream order. */
export function* nexmarkEvents(o: NexmarkOptions, from = 0, to = o.events): Generator<NexmarkEvent> {
  for (let n = from; n < to; n++) yield nexmarkEvent(o, n);
}

/** The document the sluice source reads: struct fields flattened to `bid.price`, flag `bid: true`. */
export function flatDocument(e: NexmarkEvent): Record<string, unknown> {
  const doc: Record<string, unknown> = { [NEXMARK_TIME_FIELD]: e.time, [e.kind]: true };
  const body: object = e.kind === 'person' ? e.person : e.kind === 'auction' ? e.auction : e.bid;
  for (const [k, v] of Object.entries(body)) doc[`${e.kind}.${k}`] = v;
  return doc;
}

/** Arroyo's shape (structs person/auction/bid, one non-null), timestamps as ISO text: for DuckDB. */
export function nestedDocument(e: NexmarkEvent): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const doc: Record<string, unknown> = { person: null, auction: null, bid: null };
  if (e.kind === 'person') doc.person = { ...e.person, datetime: iso(e.person.datetime) };
  else if (e.kind === 'auction')
    doc.auction = { ...e.auction, datetime: iso(e.auction.datetime), expires: iso(e.auction.expires) };
  else doc.bid = { ...e.bid, datetime: iso(e.bid.datetime) };
  return doc;
}
