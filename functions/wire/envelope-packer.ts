import { type EnvelopeOrigin, envelopeText } from './envelope.ts';
import { formatPos, NO_SEQ } from './seq.ts';

/** Target size of one envelope in bytes: big records are cheap (PUT units are per 25 KiB). */
export const ENVELOPE_TARGET_BYTES = 256 * 1024;

export interface PackedRecord {
  readonly data: string;
  readonly bytes: number;
  readonly rows: number;
}

interface Open {
  lo: string;
  b: number;
  q: string[];
  lastQi: number;
  rowTexts: string[];
  bytes: number;
  firstSeq: string;
  lastSeq: string;
  lastIdx: number;
}

/**
 * Packs the rows one producer invocation sends to ONE target shard into envelopes of about
 * `targetBytes`. Rows must be added in input order. The envelopes together claim `(lo, hi]` from
 * the invocation's start (`startLo`, the committed seq it read) to its last input, split so that
 * every claim is true: a record claims an input whole only if it holds all that input's outputs
 * for this target; otherwise it ends at `seq:n` and the next continues with `b = n + 1`.
 */
export class EnvelopePacker {
  private readonly done: PackedRecord[] = [];
  private open: Open | undefined;
  private lastHi: string;
  private curSeq = '';
  private curIdx = -1;
  rows = 0;

  private readonly targetBytes: number;
  /** I5: the target shard id, written as `t` so a consumer can drop a misrouted record. */
  private readonly target: string | undefined;

  constructor(
    private readonly origin: EnvelopeOrigin,
    startLo: string,
    opts: { readonly targetBytes?: number; readonly target?: string } = {},
  ) {
    this.lastHi = startLo || NO_SEQ;
    this.targetBytes = opts.targetBytes ?? ENVELOPE_TARGET_BYTES;
    this.target = opts.target;
  }

  add(seq: string, t: number, row: unknown): void {
    const idx = seq === this.curSeq ? this.curIdx + 1 : 0;
    this.curSeq = seq;
    this.curIdx = idx;
    const rowJson = JSON.stringify(row);
    const rowBytes = Buffer.byteLength(rowJson) + 24;
    let o = this.open;
    if (o !== undefined && o.rowTexts.length > 0 && o.bytes + rowBytes > this.targetBytes) {
      // close before this row: split inside `seq` if the open record already holds some of its outputs
      const hi = o.lastSeq === seq ? formatPos({ s: seq, i: idx - 1 }) : o.lastSeq;
      this.close(hi);
      o = undefined;
    }
    if (o === undefined) {
      o = this.open = {
        lo: this.lastHi,
        b: idx,
        q: [],
        lastQi: -1,
        rowTexts: [],
        bytes: 200 + this.origin.producer.length + this.origin.shard.length,
        firstSeq: seq,
        lastSeq: '',
        lastIdx: -1,
      };
    }
    if (o.lastSeq !== seq) {
      o.q.push(seq);
      o.lastQi = o.q.length - 1;
      o.bytes += seq.length + 3;
    }
    o.lastSeq = seq;
    o.lastIdx = idx;
    o.rowTexts.push(`[${o.lastQi},${t},${rowJson}]`);
    o.bytes += rowBytes;
    this.rows++;
  }

  /** Closes the last envelope at `lastSeq` (the invocation's last input) and returns all data records. */
  finish(lastSeq: string): PackedRecord[] {
    if (this.open !== undefined) this.close(lastSeq);
    return this.done;
  }

  /** The claim a marker record makes after `finish(lastSeq)`: `(lo, lastSeq]` (empty if data covered it). */
  markerLo(): string {
    return this.lastHi;
  }

  private close(hi: string): void {
    const o = this.open!;
    const data = envelopeText(
      { ...this.origin, lo: o.lo, hi, base: o.b, target: this.target },
      o.q,
      o.rowTexts,
    );
    this.done.push({ data, bytes: Buffer.byteLength(data), rows: o.rowTexts.length });
    this.lastHi = hi;
    this.open = undefined;
  }
}

/** What a marker record says, by name (envelope fields in brackets). */
export interface MarkerFields extends EnvelopeOrigin {
  /** Its claim `(lo, hi]`: empty when data records already covered it. */
  readonly lo: string;
  readonly hi: string;
  /** [`w`] the producer's watermark. */
  readonly watermark: number;
  /** [`eos`] written only when true. */
  readonly eos: boolean;
  /** [`t`] the target shard (I5). */
  readonly target?: string | undefined;
  /** [`lin`] a child producer shard's announcement (I5). */
  readonly lineage?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** A marker record: no rows, claims `(lo, hi]`, carries the producer's watermark and/or eos. */
export function markerRecord(m: MarkerFields): string {
  return JSON.stringify({
    v: 1,
    p: m.producer,
    s: m.shard,
    f: m.frontier,
    lo: m.lo,
    hi: m.hi,
    q: [],
    rows: [],
    w: m.watermark,
    ...(m.eos ? { eos: true } : {}),
    ...(m.target ? { t: m.target } : {}),
    ...(m.lineage ? { lin: m.lineage } : {}),
  });
}
