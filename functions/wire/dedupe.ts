import type { Envelope } from './envelope.ts';
import { IntervalSet } from './interval-set.ts';
import { cmpSeq, maxSeq, NO_SEQ, type Pos, parsePos } from './seq.ts';
import { WM_MAX, WM_MIN } from './watermark.ts';

/** Persisted per-producer dedupe state (checkpoint doc `producers["p/s"]`). */
export interface ProducerStateDoc {
  readonly f: string;
  readonly iv: [string, string][];
  readonly w: number;
  /** I5 (merged children): `[loHashKey, hiHashKey, iv]`, intervals covered only for that hash range. */
  readonly seg?: [string, string, [string, string][]][];
  /** I5: the producer shard is closed and these are its children. */
  readonly ch?: string[];
  /** Source stages: the max event time seen from this producer shard (absent: none yet). */
  readonly m?: number;
}

/** A covered-interval set valid only for rows whose key-group hash key lies in `[lo, hi]` (I5). */
interface Segment {
  readonly lo: bigint;
  readonly hi: bigint;
  readonly iv: IntervalSet;
}

export const producerKey = (p: string, s: string): string => `${p}/${s}`;

/**
 * I4 downstream dedupe for one producer shard: its highest frontier `f`, the position intervals
 * above `f` already received, and its highest watermark `w`. A row at or below `f`, or inside a
 * received interval, is a duplicate. Holds under reordering (fact 2) and zombies (fact 3) because a
 * producer's outputs are deterministic (I2) and every record's `(lo, hi]` claim is complete.
 */
export class ProducerDedupe {
  /** I5: children of this producer shard once it is known closed (see lineage-producers.ts). */
  children: string[] | undefined;
  /**
   * Source stages: max event time of this producer shard's rows seen so far. A source stage's
   * watermark and lateness are per producer shard (as Arroyo's are per source partition): after a
   * merge two ingest shards share a shard, and one's retries may land after the other's later rows.
   */
  maxEventTime: number = WM_MIN;
  private seg: Segment[];

  private constructor(
    private f: string,
    private readonly iv: IntervalSet,
    public w: number,
    seg: Segment[] = [],
    children?: string[],
  ) {
    this.seg = seg;
    this.children = children;
  }

  static empty(): ProducerDedupe {
    return new ProducerDedupe(NO_SEQ, new IntervalSet(), WM_MIN);
  }

  static fromDoc(doc: ProducerStateDoc): ProducerDedupe {
    const p = ProducerDedupe.fromDocParts(doc);
    if (doc.m !== undefined) p.maxEventTime = doc.m;
    return p;
  }

  private static fromDocParts(doc: ProducerStateDoc): ProducerDedupe {
    const seg = (doc.seg ?? []).map(([lo, hi, iv]) => ({
      lo: BigInt(lo),
      hi: BigInt(hi),
      iv: IntervalSet.fromJSON(iv),
    }));
    return new ProducerDedupe(
      doc.f,
      IntervalSet.fromJSON(doc.iv),
      doc.w,
      seg,
      doc.ch ? [...doc.ch] : undefined,
    );
  }

  toDoc(): ProducerStateDoc {
    return {
      f: this.f,
      iv: this.iv.toJSON(),
      w: this.w,
      ...(this.seg.length > 0
        ? {
            seg: this.seg.map(
              (g) =>
                [g.lo.toString(), g.hi.toString(), g.iv.toJSON()] as [string, string, [string, string][]],
            ),
          }
        : {}),
      ...(this.children !== undefined ? { ch: [...this.children] } : {}),
      ...(this.maxEventTime > WM_MIN ? { m: this.maxEventTime } : {}),
    };
  }

  get frontier(): string {
    return this.f;
  }

  get eos(): boolean {
    return this.w >= WM_MAX;
  }

  /**
   * Whether output `index` of input `seq` was already received. `hashKey` gives the row's key-group
   * hash key; it is asked only when a merge left hash-range segments (I5). Without it (unkeyed
   * producers, e.g. the file ingester, whose records all land at one hash key) any segment counts.
   */
  isDuplicate(seq: string, index: number, hashKey?: () => bigint | undefined): boolean {
    if (cmpSeq(seq, this.f) <= 0) return true;
    const p = { s: seq, i: index };
    if (this.iv.covers(p)) return true;
    if (this.seg.length === 0) return false;
    let h: bigint | undefined;
    let asked = false;
    for (const g of this.seg) {
      if (!g.iv.covers(p)) continue;
      if (!asked) {
        h = hashKey?.();
        asked = true;
      }
      if (h === undefined || (g.lo <= h && h <= g.hi)) return true;
    }
    return false;
  }

  /** Fast path: whether no position in `(lo, hi]` can be a duplicate. */
  isFresh(lo: string, hi: string): boolean {
    const l = parsePos(lo);
    if (cmpSeq(l.s, this.f) < 0 || (l.s === this.f && l.i !== Number.POSITIVE_INFINITY)) return false;
    const h = parsePos(hi);
    return !this.iv.intersects(l, h) && !this.seg.some((g) => g.iv.intersects(l, h));
  }

  /** Records that `env` was processed: its claim joins the set, the frontier and watermark advance. */
  afterRecord(env: Pick<Envelope, 'f' | 'lo' | 'hi' | 'w' | 'eos'>): void {
    this.iv.add(parsePos(env.lo), parsePos(env.hi));
    this.f = maxSeq(this.f, env.f);
    const fPos: Pos = { s: this.f, i: Number.POSITIVE_INFINITY };
    this.iv.pruneAtOrBelow(fPos);
    if (this.seg.length > 0) {
      for (const g of this.seg) g.iv.pruneAtOrBelow(fPos);
      this.seg = this.seg.filter((g) => g.iv.size > 0);
    }
    const w = env.eos ? WM_MAX : env.w;
    if (w !== undefined && w > this.w) this.w = w;
  }
}
