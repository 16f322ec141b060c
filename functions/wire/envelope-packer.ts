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

  constructor(
    private readonly p: string,
    private readonly s: string,
    private readonly f: string,
    startLo: string,
    private readonly targetBytes = ENVELOPE_TARGET_BYTES,
    /** I5: the target shard id, written as `t` so a consumer can drop a misrouted record. */
    private readonly target?: string,
  ) {
    this.lastHi = startLo || NO_SEQ;
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
        bytes: 200 + this.p.length + this.s.length,
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
    const b = (o.b > 0 ? `,"b":${o.b}` : '') + (this.target ? `,"t":${JSON.stringify(this.target)}` : '');
    const data =
      `{"v":1,"p":${JSON.stringify(this.p)},"s":${JSON.stringify(this.s)},"f":"${this.f}",` +
      `"lo":"${o.lo}","hi":"${hi}"${b},"q":${JSON.stringify(o.q)},"rows":[${o.rowTexts.join(',')}]}`;
    this.done.push({ data, bytes: Buffer.byteLength(data), rows: o.rowTexts.length });
    this.lastHi = hi;
    this.open = undefined;
  }
}

/** A marker record: no rows, claims `(lo, hi]`, carries the producer's watermark and/or eos. */
export function markerRecord(
  p: string,
  s: string,
  f: string,
  lo: string,
  hi: string,
  w: number,
  eos: boolean,
  extra: { readonly t?: string; readonly lin?: Readonly<Record<string, readonly string[]>> } = {},
): string {
  return JSON.stringify({
    v: 1,
    p,
    s,
    f,
    lo,
    hi,
    q: [],
    rows: [],
    w,
    ...(eos ? { eos: true } : {}),
    ...(extra.t ? { t: extra.t } : {}),
    ...(extra.lin ? { lin: extra.lin } : {}),
  });
}
