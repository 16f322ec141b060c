import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { invalidArgument, noSuchBucket, noSuchKey, S3ApiError } from './s3-error.ts';

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  /** Quoted MD5 of the content, as S3 gives for a single-part upload. */
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ListOptions {
  readonly prefix: string;
  readonly delimiter: string;
  /** Only keys after this one (exclusive). */
  readonly after: string;
  /** Keys under this common prefix were already returned as one `CommonPrefixes` entry. */
  readonly skipPrefix: string;
  readonly maxKeys: number;
}

export interface ListPage {
  readonly objects: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  /** Set when more entries follow: where the next page resumes. */
  readonly next: { readonly after: string; readonly skipPrefix: string } | undefined;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const TMP_DIR = '.tmp';

/**
 * The local stack's S3 storage: plain files, one folder per bucket and one file per object at
 * `<root>/<bucket>/<key>`, so a folder of JSON-lines files can be served as a bucket and a sink's
 * objects can be read as files. Writes go to `<root>/.tmp` and are renamed into place, so a reader
 * sees a whole object or none. Keys must be valid relative paths: no empty, `.` or `..` segment, no
 * trailing `/`, and no key that is also a "folder" of another key (`a` and `a/b`); such keys are
 * refused with `InvalidArgument`. No versions, metadata, ACLs or multipart uploads.
 */
export class S3Store {
  /** MD5s by path, valid while size and mtime are unchanged. */
  private readonly etags = new Map<string, { size: number; mtimeMs: number; etag: string }>();

  constructor(readonly root: string) {}

  async createBucket(bucket: string): Promise<void> {
    checkBucket(bucket);
    const dir = join(this.root, bucket);
    if (await isDir(dir)) {
      throw new S3ApiError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        bucket,
      );
    }
    await mkdir(dir, { recursive: true });
  }

  async headBucket(bucket: string): Promise<void> {
    checkBucket(bucket);
    if (!(await isDir(join(this.root, bucket)))) throw noSuchBucket(bucket);
  }

  async deleteBucket(bucket: string): Promise<void> {
    await this.headBucket(bucket);
    const dir = join(this.root, bucket);
    if ((await readdir(dir)).length > 0) {
      throw new S3ApiError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, bucket);
    }
    await rmdir(dir);
  }

  async listBuckets(): Promise<{ name: string; created: Date }[]> {
    await mkdir(this.root, { recursive: true });
    const out: { name: string; created: Date }[] = [];
    for (const e of await readdir(this.root, { withFileTypes: true })) {
      if (!e.isDirectory() || !BUCKET_NAME.test(e.name)) continue;
      out.push({ name: e.name, created: (await stat(join(this.root, e.name))).birthtime });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async putObject(bucket: string, key: string, body: Buffer): Promise<ObjectInfo> {
    await this.headBucket(bucket);
    const file = this.pathOf(bucket, key);
    const tmpDir = join(this.root, TMP_DIR);
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomBytes(8).toString('hex'));
    await writeFile(tmp, body);
    try {
      // A concurrent delete removes folders it leaves empty, possibly the one just made: retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await mkdir(dirname(file), { recursive: true });
          await rename(tmp, file);
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 20) throw err;
        }
      }
    } catch (err) {
      await rm(tmp, { force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
        throw invalidArgument(
          `the local S3 stores objects as files, and key '${key}' collides with another key used as a ` +
            'folder (or a folder of it is an object): keys like `a` and `a/b` cannot both exist locally',
          key,
        );
      }
      throw err;
    }
    return this.headObject(bucket, key);
  }

  async getObject(bucket: string, key: string): Promise<{ info: ObjectInfo; body: Buffer }> {
    const info = await this.headObject(bucket, key);
    try {
      return { info, body: await readFile(this.pathOf(bucket, key)) };
    } catch (err) {
      throw missing(err, key);
    }
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    await this.headBucket(bucket);
    const file = this.pathOf(bucket, key);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(file);
    } catch (err) {
      throw missing(err, key);
    }
    if (!st.isFile()) throw noSuchKey(key);
    return {
      key,
      size: st.size,
      etag: await this.etagOf(file, key, st.size, st.mtimeMs),
      lastModified: st.mtime,
    };
  }

  /** Deletes an object; deleting a missing key succeeds, as in S3. Empty folders left behind go too. */
  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.headBucket(bucket);
    const file = this.pathOf(bucket, key);
    try {
      await unlink(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EPERM') return;
      throw err;
    }
    this.etags.delete(file);
    const top = join(this.root, bucket);
    for (let dir = dirname(file); dir.startsWith(`${top}/`); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break; // not empty (or gone): stop climbing
      }
    }
  }

  async copyObject(srcBucket: string, srcKey: string, bucket: string, key: string): Promise<ObjectInfo> {
    const { body } = await this.getObject(srcBucket, srcKey);
    return this.putObject(bucket, key, body);
  }

  /** One page of keys in UTF-8 byte order, as ListObjectsV2 returns them. */
  async list(bucket: string, opts: ListOptions): Promise<ListPage> {
    await this.headBucket(bucket);
    const top = join(this.root, bucket);
    // Walk only the folder the prefix is in (a prefix may end inside a segment).
    const slash = opts.prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : opts.prefix.slice(0, slash + 1);
    const keys: string[] = [];
    await walk(join(top, ...base.split('/').filter((s) => s !== '')), base, keys);
    const sorted = keys
      .filter((k) => k.startsWith(opts.prefix) && byteCompare(k, opts.after) > 0)
      .filter((k) => opts.skipPrefix === '' || !k.startsWith(opts.skipPrefix))
      .sort(byteCompare);
    const objects: ObjectInfo[] = [];
    const commonPrefixes: string[] = [];
    let last: { after: string; skipPrefix: string } | undefined;
    let i = 0;
    for (; i < sorted.length && objects.length + commonPrefixes.length < opts.maxKeys; i++) {
      const k = sorted[i]!;
      const at = opts.delimiter === '' ? -1 : k.indexOf(opts.delimiter, opts.prefix.length);
      if (at >= 0) {
        const cp = k.slice(0, at + opts.delimiter.length);
        if (commonPrefixes.at(-1) !== cp) commonPrefixes.push(cp);
        last = { after: k, skipPrefix: cp };
        while (i + 1 < sorted.length && sorted[i + 1]!.startsWith(cp))
          last = { after: sorted[++i]!, skipPrefix: cp };
        continue;
      }
      last = { after: k, skipPrefix: '' };
      const info = await this.headObject(bucket, k).catch((err: unknown) => {
        // Deleted between the walk and now: S3 lists a consistent view, never a failure.
        if (err instanceof S3ApiError && err.code === 'NoSuchKey') return undefined;
        throw err;
      });
      if (info) objects.push(info);
    }
    return { objects, commonPrefixes, next: i < sorted.length ? last : undefined };
  }

  private pathOf(bucket: string, key: string): string {
    checkBucket(bucket);
    const segments = key.split('/');
    if (
      key.length === 0 ||
      Buffer.byteLength(key) > 1024 ||
      key.includes('\0') ||
      segments.some((s) => s === '' || s === '.' || s === '..')
    ) {
      throw invalidArgument(
        `the local S3 stores objects as files and cannot store key '${key}': ` +
          "keys need non-empty path segments, none of them '.' or '..', and no trailing '/'",
        key,
      );
    }
    return join(this.root, bucket, ...segments);
  }

  private async etagOf(file: string, key: string, size: number, mtimeMs: number): Promise<string> {
    const hit = this.etags.get(file);
    if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.etag;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw missing(err, key);
    }
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    this.etags.set(file, { size, mtimeMs, etag });
    return etag;
  }
}

function checkBucket(bucket: string): void {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new S3ApiError(
      'InvalidBucketName',
      'The specified bucket is not valid: 3-63 characters of a-z, 0-9, dots and hyphens, ' +
        'starting and ending with a letter or digit',
      400,
      bucket,
    );
  }
}

function missing(err: unknown, key: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' ? noSuchKey(key) : (err as Error);
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function walk(dir: string, keyPrefix: string, out: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // the prefix's folder does not exist: no keys
  }
  for (const e of entries) {
    if (e.isDirectory()) await walk(join(dir, e.name), `${keyPrefix}${e.name}/`, out);
    else if (e.isFile()) out.push(`${keyPrefix}${e.name}`);
  }
}

/** S3 orders keys by their UTF-8 bytes. */
export function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
