/**
 * Sequence numbers and positions (docs/internals.md "Sequence numbers", "Dedupe").
 *
 * A sequence number is a decimal string (Kinesis seq, or a 1-based line number for the ingester),
 * compared as an integer: by length, then lexicographically.
 *
 * A position names a point in a producer's output for one target: `"<seq>"` is the point after ALL
 * outputs of input `seq`; `"<seq>:<n>"` is the point at output index `n` of input `seq` (used when
 * one input's outputs are split over several records). Output `n` of input `s` sits at `(s, n)`.
 */
export const NO_SEQ = '0';

export function cmpSeq(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const maxSeq = (a: string, b: string): string => (cmpSeq(a, b) >= 0 ? a : b);

const SEQ_RE = /^(0|[1-9][0-9]*)$/;
export const isSeq = (s: string): boolean => SEQ_RE.test(s);

export interface Pos {
  readonly s: string;
  /** Output index; `Infinity` = after all outputs of `s`. */
  readonly i: number;
}

export function parsePos(text: string): Pos {
  const colon = text.indexOf(':');
  if (colon < 0) return { s: text, i: Number.POSITIVE_INFINITY };
  return { s: text.slice(0, colon), i: Number(text.slice(colon + 1)) };
}

export const formatPos = (p: Pos): string => (p.i === Number.POSITIVE_INFINITY ? p.s : `${p.s}:${p.i}`);

export function cmpPos(a: Pos, b: Pos): number {
  const c = cmpSeq(a.s, b.s);
  if (c !== 0) return c;
  return a.i === b.i ? 0 : a.i < b.i ? -1 : 1;
}

export function isPos(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon < 0) return isSeq(text);
  return isSeq(text.slice(0, colon)) && /^[0-9]+$/.test(text.slice(colon + 1));
}
