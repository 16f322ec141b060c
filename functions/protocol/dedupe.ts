import type { Envelope } from './envelope.ts';
import { IntervalSet } from './interval-set.ts';
import { cmpSeq, maxSeq, NO_SEQ, type Pos, parsePos } from './seq.ts';
import { WM_MAX, WM_MIN } from './watermark.ts';

/** Persisted per-producer dedupe state (checkpoint doc `producers["p/s"]`). */
export interface ProducerStateDoc {
  readonly f: string;
  readonly iv: [string, string][];
  readonly w: number;
}

export const producerKey = (p: string, s: string): string => `${p}/${s}`;

/**
 * I4 downstream dedupe for one producer shard: its highest frontier `f`, the position intervals
 * above `f` already received, and its highest watermark `w`. A row at or below `f`, or inside a
 * received interval, is a duplicate. Holds under reordering (fact 2) and zombies (fact 3) because a
 * producer's outputs are deterministic (I2) and every record's `(lo, hi]` claim is complete.
 */
export class ProducerDedupe {
  private constructor(
    private f: string,
    private readonly iv: IntervalSet,
    public w: number,
  ) {}

  static empty(): ProducerDedupe {
    return new ProducerDedupe(NO_SEQ, new IntervalSet(), WM_MIN);
  }

  static fromDoc(doc: ProducerStateDoc): ProducerDedupe {
    return new ProducerDedupe(doc.f, IntervalSet.fromJSON(doc.iv), doc.w);
  }

  toDoc(): ProducerStateDoc {
    return { f: this.f, iv: this.iv.toJSON(), w: this.w };
  }

  get frontier(): string {
    return this.f;
  }

  get eos(): boolean {
    return this.w >= WM_MAX;
  }

  /** Whether output `index` of input `seq` was already received. */
  isDuplicate(seq: string, index: number): boolean {
    if (cmpSeq(seq, this.f) <= 0) return true;
    return this.iv.covers({ s: seq, i: index });
  }

  /** Fast path: whether no position in `(lo, hi]` can be a duplicate. */
  isFresh(lo: string, hi: string): boolean {
    const l = parsePos(lo);
    if (cmpSeq(l.s, this.f) < 0 || (l.s === this.f && l.i !== Number.POSITIVE_INFINITY)) return false;
    return !this.iv.intersects(l, parsePos(hi));
  }

  /** Records that `env` was processed: its claim joins the set, the frontier and watermark advance. */
  afterRecord(env: Pick<Envelope, 'f' | 'lo' | 'hi' | 'w' | 'eos'>): void {
    this.iv.add(parsePos(env.lo), parsePos(env.hi));
    this.f = maxSeq(this.f, env.f);
    const fPos: Pos = { s: this.f, i: Number.POSITIVE_INFINITY };
    this.iv.pruneAtOrBelow(fPos);
    const w = env.eos ? WM_MAX : env.w;
    if (w !== undefined && w > this.w) this.w = w;
  }
}
