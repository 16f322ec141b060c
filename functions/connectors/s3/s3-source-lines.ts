import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { splitLines } from './split-lines.ts';

/**
 * Whether a key is hidden from readers of a prefix: a file or folder name starting with `_` or `.`
 * below the prefix, as Hive, Spark and Athena skip them (`_SUCCESS`, `_temporary/`, and the
 * `_sluice_staging/` folder of a filesystem sink).
 */
export const isHiddenKey = (prefix: string, key: string): boolean =>
  key
    .slice(prefix.length)
    .split('/')
    .some((s) => s.startsWith('_') || s.startsWith('.'));

/** The keys a filesystem source reads: every visible object under `prefix`, in S3's (UTF-8 byte) order. */
export async function listSourceKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  return (await listKeys(s3, bucket, prefix)).filter((k) => !isHiddenKey(prefix, k));
}

/** Every key under `prefix`, hidden ones included, in S3's order (all pages). */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const c of page.Contents ?? []) if (c.Key) keys.push(c.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Where an object starts in a filesystem source's line numbering: its first line's number (1-based). */
export interface ObjectStart {
  readonly key: string;
  readonly firstLine: number;
}

/** Where a filesystem source's next line starts: byte `byte` of object `object` (an index into its keys). */
export interface SourceCursor {
  readonly object: number;
  readonly byte: number;
}

/** A filesystem source's line, and the cursor of the line after it. */
export interface SourceLine {
  readonly text: string;
  readonly next: SourceCursor;
}

/**
 * A filesystem source's lines from `from` on: each object's lines (split as readline does,
 * split-lines.ts), objects in key order, streamed; a cursor inside an object is read with a ranged
 * GET, so a resumed reader never re-reads what it already sent. `onObject` hears each object as it
 * is opened.
 */
export async function* s3SourceLinesFrom(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
  from: SourceCursor = { object: 0, byte: 0 },
  onObject?: (key: string) => void,
): AsyncGenerator<SourceLine> {
  for (let object = from.object; object < keys.length; object++) {
    const key = keys[object]!;
    const byte = object === from.object ? from.byte : 0;
    onObject?.(key);
    let body: Readable | undefined;
    try {
      const res = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(byte > 0 ? { Range: `bytes=${byte}-` } : {}) }),
      );
      body = res.Body as Readable | undefined;
    } catch (err) {
      // the cursor is at the object's end (its last line was the last one sent): nothing left in it
      if ((err as { name?: string }).name === 'InvalidRange') continue;
      throw err;
    }
    if (!body) continue;
    for await (const line of splitLines(body, byte))
      yield { text: line.text, next: { object, byte: line.next } };
  }
}

/**
 * A filesystem source's lines: each object's JSON lines, objects in key order, streamed. Line
 * numbers (the ingest's sequence numbers) run on across objects, blank lines included, so the
 * input is read exactly as one file made of the objects in key order. Each object's first line
 * number is pushed to `starts` as it is opened (for `objectPosition`).
 */
export async function* s3SourceLines(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
  starts: ObjectStart[] = [],
): AsyncGenerator<string> {
  let line = 0;
  const opened = (key: string) => starts.push({ key, firstLine: line + 1 });
  for await (const l of s3SourceLinesFrom(s3, bucket, keys, undefined, opened)) {
    line++;
    yield l.text;
  }
}

/**
 * `s3://<bucket>/<key>:<line in that object>` for a line number of the whole source (the ingest
 * sequence number), or undefined when `starts` does not reach it.
 */
export function objectPosition(
  bucket: string,
  starts: readonly ObjectStart[],
  line: number,
): string | undefined {
  let at: ObjectStart | undefined;
  for (const s of starts) if (s.firstLine <= line) at = s;
  return at && `s3://${bucket}/${at.key}:${line - at.firstLine + 1}`;
}
