import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeS3 } from '../../../functions/aws/clients.ts';
import { type S3Server, startS3Server } from '../../../localstack/s3/s3-server.ts';

let dir: string;
let server: S3Server;
let s3: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-s3-'));
  server = await startS3Server(dir);
  s3 = makeS3({ endpoint: server.endpoint });
});

afterAll(async () => {
  s3.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const text = async (bucket: string, key: string) =>
  (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
const errorName = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (err: { name?: string }) => err.name,
  );

describe('the local S3 emulator, through the AWS SDK', () => {
  it('creates, heads and lists buckets; refuses a bad name and a second create', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'alpha' }));
    expect(await errorName(s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' })))).toBe('NotFound');
    expect(await errorName(s3.send(new CreateBucketCommand({ Bucket: 'alpha' })))).toBe(
      'BucketAlreadyOwnedByYou',
    );
    expect(await errorName(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).toBe(
      'InvalidBucketName',
    );
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toContain('alpha');
  });

  it('puts, heads, gets, copies and deletes objects, stored as plain files', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'alpha', Key: 'a/b/one.jsonl', Body: '{"x":1}\n' }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update('{"x":1}\n').digest('hex')}"`);
    expect(await text('alpha', 'a/b/one.jsonl')).toBe('{"x":1}\n');
    expect(await readFile(join(dir, 'alpha', 'a', 'b', 'one.jsonl'), 'utf8')).toBe('{"x":1}\n');
    const headed = await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'a/b/one.jsonl' }));
    expect(headed.ContentLength).toBe(8);
    expect(headed.ETag).toBe(put.ETag);

    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: 'alpha', Key: 'c/two.jsonl', CopySource: 'alpha/a/b/one.jsonl' }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(put.ETag);
    expect(await text('alpha', 'c/two.jsonl')).toBe('{"x":1}\n');

    await s3.send(new DeleteObjectCommand({ Bucket: 'alpha', Key: 'a/b/one.jsonl' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'alpha', Key: 'a/b/one.jsonl' })); // idempotent
    expect(await errorName(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'a/b/one.jsonl' })))).toBe(
      'NoSuchKey',
    );
    expect(await errorName(s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'a/b/one.jsonl' })))).toBe(
      'NotFound',
    );
    expect(
      await errorName(
        s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'c/3', CopySource: 'alpha/a/b/one.jsonl' })),
      ),
    ).toBe('NoSuchKey');
    expect(await errorName(s3.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'k' })))).toBe(
      'NoSuchBucket',
    );
  });

  it('serves byte ranges (206 with Content-Range) and refuses one past the end (InvalidRange)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'ranges' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ranges', Key: 'r.txt', Body: '0123456789' }));
    const get = async (Range: string) => {
      const res = await s3.send(new GetObjectCommand({ Bucket: 'ranges', Key: 'r.txt', Range }));
      return { body: await res.Body!.transformToString(), range: res.ContentRange };
    };
    expect(await get('bytes=7-')).toEqual({ body: '789', range: 'bytes 7-9/10' });
    expect(await get('bytes=2-4')).toEqual({ body: '234', range: 'bytes 2-4/10' });
    expect(await get('bytes=-2')).toEqual({ body: '89', range: 'bytes 8-9/10' });
    expect(await get('bytes=5-99')).toEqual({ body: '56789', range: 'bytes 5-9/10' });
    expect(
      await errorName(s3.send(new GetObjectCommand({ Bucket: 'ranges', Key: 'r.txt', Range: 'bytes=10-' }))),
    ).toBe('InvalidRange');
  });

  it('decodes a streamed upload (aws-chunked with a trailing checksum)', async () => {
    const body = Readable.from([Buffer.from('x'.repeat(100_000)), Buffer.from('END')]);
    await s3.send(
      new PutObjectCommand({ Bucket: 'alpha', Key: 'streamed', Body: body, ContentLength: 100_003 }),
    );
    const got = await text('alpha', 'streamed');
    expect(got.length).toBe(100_003);
    expect(got.endsWith('xEND')).toBe(true);
  });

  it('serves files put in the folder by hand, and refuses keys it cannot store as files', async () => {
    await writeFile(join(dir, 'alpha', 'by-hand.txt'), 'hello');
    expect(await text('alpha', 'by-hand.txt')).toBe('hello');
    expect(
      await errorName(s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'by-hand.txt/x', Body: 'y' }))),
    ).toBe('InvalidArgument');
    expect(await errorName(s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'dir/', Body: 'y' })))).toBe(
      'InvalidArgument',
    );
  });

  it('lists with prefix, delimiter, start-after, max-keys and continuation tokens, in byte order', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['p/a/1', 'p/a/2', 'p/b', 'p/c/x/1', 'p/d', 'p/é', 'p/Z', 'q/1', 'p-sibling'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key, Body: Key }));

    const all: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'p/', MaxKeys: 2, ContinuationToken: token }),
      );
      all.push(...(page.Contents ?? []).map((c) => c.Key!));
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      pages++;
    } while (token);
    expect(all).toEqual(['p/Z', 'p/a/1', 'p/a/2', 'p/b', 'p/c/x/1', 'p/d', 'p/é']);
    expect(pages).toBe(4);

    const partial = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'p' }));
    expect(partial.Contents?.map((c) => c.Key)).toContain('p-sibling');
    expect(partial.Contents?.[0]?.Size).toBe(9);

    const grouped = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'p/', Delimiter: '/', MaxKeys: 3 }),
    );
    expect(grouped.Contents?.map((c) => c.Key)).toEqual(['p/Z', 'p/b']);
    expect(grouped.CommonPrefixes?.map((c) => c.Prefix)).toEqual(['p/a/']);
    expect(grouped.IsTruncated).toBe(true);
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'listing',
        Prefix: 'p/',
        Delimiter: '/',
        ContinuationToken: grouped.NextContinuationToken,
      }),
    );
    expect(rest.Contents?.map((c) => c.Key)).toEqual(['p/d', 'p/é']);
    expect(rest.CommonPrefixes?.map((c) => c.Prefix)).toEqual(['p/c/']);

    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'p/', StartAfter: 'p/c' }),
    );
    expect(after.Contents?.map((c) => c.Key)).toEqual(['p/c/x/1', 'p/d', 'p/é']);
    const none = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'nothing/' }));
    expect(none.KeyCount).toBe(0);
    expect(none.Contents).toBeUndefined();
  });

  it('deletes many objects at once and removes the folders left empty', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'deleting' }));
    for (const Key of ['x/1', 'x/2', 'y/deep/3'])
      await s3.send(new PutObjectCommand({ Bucket: 'deleting', Key, Body: 'v' }));
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'deleting',
        Delete: { Objects: [{ Key: 'x/1' }, { Key: 'y/deep/3' }, { Key: 'never' }] },
      }),
    );
    expect(res.Deleted?.map((d) => d.Key)).toEqual(['x/1', 'y/deep/3', 'never']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'deleting' }));
    expect(left.Contents?.map((c) => c.Key)).toEqual(['x/2']);
    // y/deep/ is gone with its last object, so `y` can now be an object itself
    await s3.send(new PutObjectCommand({ Bucket: 'deleting', Key: 'y', Body: 'ok' }));
    expect(await text('deleting', 'y')).toBe('ok');
  });

  it('lists, puts and deletes concurrently in the same folders without a spurious error', async () => {
    // A sink's publisher deletes staging objects while the clock lists them, and another attempt
    // puts the next one into the folder the delete may just have emptied: S3 fails none of those.
    await s3.send(new CreateBucketCommand({ Bucket: 'racing' }));
    const errors: string[] = [];
    const note = (p: Promise<unknown>) =>
      p.catch((err: Error) => void errors.push(`${err.name}: ${err.message}`));
    for (let round = 0; round < 6; round++) {
      const folder = `stage/s2/shard-${round}`;
      const keys = Array.from({ length: 150 }, (_, i) => `${folder}/e${String(i).padStart(3, '0')}`);
      for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'racing', Key, Body: 'v' }));
      const lists = Array.from({ length: 4 }, () =>
        note(s3.send(new ListObjectsV2Command({ Bucket: 'racing', Prefix: 'stage/' }))),
      );
      const deletes = (async () => {
        for (const Key of keys) await note(s3.send(new DeleteObjectCommand({ Bucket: 'racing', Key })));
        // The folder is now gone; a put into it races nothing but must still land.
      })();
      const puts = (async () => {
        for (let i = 0; i < 40; i++) {
          await note(
            s3.send(new PutObjectCommand({ Bucket: 'racing', Key: `${folder}/next-${i}`, Body: 'n' })),
          );
          await note(s3.send(new DeleteObjectCommand({ Bucket: 'racing', Key: `${folder}/next-${i}` })));
        }
      })();
      await Promise.all([...lists, deletes, puts]);
    }
    expect(errors).toEqual([]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'racing' }));
    expect(left.KeyCount).toBe(0);
  });
});
