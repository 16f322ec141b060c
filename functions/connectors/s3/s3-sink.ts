import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StateCorruptError } from '../../errors.ts';
import {
  parseStagingKey,
  publishedKeyOf,
  type SinkObjects,
  stagingKey,
  stagingShardPrefix,
} from './s3-sink-keys.ts';

/**
 * The exactly-once `filesystem` sink's three steps (docs/exactly-once.md, "filesystem"):
 * stage before the commit, publish after it, sweep what can no longer be committed.
 */

/** Final keys this container has seen published (a fact that never changes), so re-checks are free. */
const published = new Set<string>();

/**
 * Before the commit: the epoch's rows as one JSON-lines object under a staging key unique to
 * (shard, epoch, attempt). The commit records the key; until then nothing reads it.
 */
export async function stageObject(
  s3: S3Client,
  o: SinkObjects,
  shardId: string,
  epoch: number,
  attemptId: string,
  lines: readonly string[],
): Promise<string> {
  const key = stagingKey(o, shardId, epoch, attemptId);
  await s3.send(
    new PutObjectCommand({
      Bucket: o.bucket,
      Key: key,
      Body: `${lines.join('\n')}\n`,
      ContentType: 'application/x-ndjson',
    }),
  );
  return key;
}

/**
 * After the commit (by the committer, or by whoever reads the committed checkpoint next): copy the
 * committed staging object to its final key, then delete the staging object. Idempotent: every
 * copy writes the same bytes (the staging object is immutable), and once the staging object is
 * gone the final one exists, because a staging object is deleted only after its copy succeeded.
 */
export async function publishObject(
  s3: S3Client,
  o: SinkObjects,
  staged: string,
): Promise<'published' | 'done'> {
  const target = publishedKeyOf(o, staged);
  if (target === undefined) throw new StateCorruptError(`'${staged}' is not a staging key of ${o.stageId}`);
  const id = `${o.bucket}/${target}`;
  if (published.has(id) || (await exists(s3, o.bucket, target))) {
    remember(id);
    return 'done';
  }
  try {
    await s3.send(
      new CopyObjectCommand({
        Bucket: o.bucket,
        Key: target,
        CopySource: `${o.bucket}/${staged.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
  } catch (err) {
    // Another publisher copied it and deleted the staging object between our check and our copy.
    // (Without an unconditional s3:ListBucket grant, S3 says AccessDenied for a missing source.)
    const name = (err as { name?: string }).name;
    if (name !== 'NoSuchKey' && name !== 'AccessDenied') throw err;
    if (!(await exists(s3, o.bucket, target))) {
      if (name === 'AccessDenied') throw err;
      throw new StateCorruptError(
        `committed sink object s3://${o.bucket}/${staged} is gone and s3://${o.bucket}/${target} was never published`,
      );
    }
    remember(id);
    return 'done';
  }
  remember(id);
  await s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: staged })).catch(() => undefined);
  return 'published';
}

/**
 * Deletes this shard's staging objects of epochs up to `committedEpoch`. Safe right after the
 * committed epoch's object was published: a staging object at or below the committed epoch was
 * either committed (and then published before any later epoch could commit) or lost its commit
 * race and can never be committed (its commit is conditioned on an older epoch). Later epochs'
 * staging objects (attempts in flight) are kept. Returns how many it deleted.
 */
export async function sweepStaging(
  s3: S3Client,
  o: SinkObjects,
  shardId: string,
  committedEpoch: number,
): Promise<number> {
  const dead: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: o.bucket,
        Prefix: stagingShardPrefix(o, shardId),
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const c of page.Contents ?? []) {
      const at = c.Key === undefined ? undefined : parseStagingKey(o, c.Key);
      if (at && at.shardId === shardId && at.epoch <= committedEpoch) dead.push(c.Key!);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (let i = 0; i < dead.length; i += 1000) {
    const Objects = dead.slice(i, i + 1000).map((Key) => ({ Key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: o.bucket, Delete: { Objects, Quiet: true } }));
  }
  return dead.length;
}

/**
 * Whether an object exists, by listing its key as a prefix: IAM scopes s3:ListBucket to the sink's
 * prefix (condition `s3:prefix`), and a HeadObject of a missing key would then be refused (403)
 * rather than answered (404).
 */
async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  const res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
  return res.Contents?.[0]?.Key === key;
}

function remember(id: string): void {
  if (published.size >= 10_000) published.clear();
  published.add(id);
}
