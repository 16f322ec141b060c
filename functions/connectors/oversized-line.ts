import { createHash } from 'node:crypto';
import { capUtf8 } from '../state/dead-letter-cap.ts';

/**
 * Largest Kinesis record (data plus partition key): 1 MiB. An ingest line whose envelope would not
 * fit in one record travels as an OversizedLine stand-in instead.
 */
export const KINESIS_RECORD_BYTES = 1024 * 1024;
/** Bytes of an oversized line kept (as its dead letter's raw input). */
export const OVERSIZED_HEAD_BYTES = 4 * 1024;

/**
 * What an ingest envelope carries in place of a line too big for a Kinesis record: its size, its
 * sha256 and its first bytes. The source stage dead-letters it at the line's position (I8), so the
 * rest of the input flows and a cloud ingest never retries the same position forever.
 */
export interface OversizedLine {
  readonly oversized: { readonly bytes: number; readonly sha256: string; readonly head: string };
}

export function oversizedLine(line: string): OversizedLine {
  const bytes = Buffer.from(line, 'utf8');
  return {
    oversized: {
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      head: capUtf8(line, OVERSIZED_HEAD_BYTES),
    },
  };
}

export function isOversizedLine(v: unknown): v is OversizedLine {
  if (typeof v !== 'object' || v === null || !('oversized' in v)) return false;
  const o = (v as { oversized: unknown }).oversized;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof (o as { bytes?: unknown }).bytes === 'number' &&
    typeof (o as { sha256?: unknown }).sha256 === 'string' &&
    typeof (o as { head?: unknown }).head === 'string'
  );
}

export const oversizedLineReason = (l: OversizedLine): string =>
  `line of ${l.oversized.bytes.toLocaleString('en-US')} bytes does not fit in a Kinesis record ` +
  `(at most ${KINESIS_RECORD_BYTES.toLocaleString('en-US')} bytes with its envelope); ` +
  `kept: its first ${OVERSIZED_HEAD_BYTES.toLocaleString('en-US')} bytes, sha256 ${l.oversized.sha256}. ` +
  'Split or shorten the line at its source';
