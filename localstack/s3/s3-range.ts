import { S3ApiError } from './s3-error.ts';

/** A satisfiable byte range of an object: bytes `start` to `end`, both inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A GetObject `Range` header (`bytes=N-`, `bytes=N-M`, `bytes=-N`) against an object of `size`
 * bytes: the range to send, undefined for the whole object (no header, or one S3 ignores, such as
 * several ranges), or `InvalidRange` (416) when it starts at or after the end, as S3 answers.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) throw invalidRange(size);
  return { start, end };
}

const invalidRange = (size: number): S3ApiError =>
  new S3ApiError('InvalidRange', `The requested range is not satisfiable (object size ${size})`, 416);
