import { createHash } from 'node:crypto';
import { capText, MAX_REASON_CHARS } from '../excerpt.ts';

/**
 * Largest raw input kept with a dead letter (UTF-8 bytes). With the reason (≤ 2,048 chars, so
 * ≤ 6 KB) and the position capped too, a dead-letter item stays far below DynamoDB's 400 KB.
 */
export const MAX_RAW_BYTES = 64 * 1024;
/** Longest position kept (characters): a path or stream name plus a line or sequence number. */
export const MAX_POSITION_CHARS = 1024;

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never cutting a character. */
export function capUtf8(text: string, maxBytes: number): string {
  // each UTF-16 unit is at most 3 UTF-8 bytes, so this many units always fit
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let lo = 0;
  let hi = Math.min(text.length, maxBytes);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(text.slice(0, mid), 'utf8') <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  const c = text.charCodeAt(lo - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? lo - 1 : lo);
}

/** A dead letter's fields as stored: each capped; a cut raw input says its full size and sha256. */
export interface CappedDeadLetter {
  readonly reason: string;
  readonly raw: string;
  readonly position: string;
  /** Set when `raw` is only a prefix: the full input's size in UTF-8 bytes and its sha256 (hex). */
  readonly rawBytes?: number;
  readonly rawSha256?: string;
}

export function capDeadLetter(d: { reason: string; raw: string; position: string }): CappedDeadLetter {
  const reason = capText(d.reason, MAX_REASON_CHARS);
  const position = capText(d.position, MAX_POSITION_CHARS);
  const raw = capUtf8(d.raw, MAX_RAW_BYTES);
  if (raw.length === d.raw.length) return { reason, raw, position };
  const full = Buffer.from(d.raw, 'utf8');
  return {
    reason,
    raw,
    position,
    rawBytes: full.length,
    rawSha256: createHash('sha256').update(full).digest('hex'),
  };
}
