import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

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
  for (const key of keys) {
    starts.push({ key, firstLine: line + 1 });
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = res.Body as Readable | undefined;
    if (!body) continue;
    for await (const text of createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      yield text;
    }
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
