import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { readBody } from '../gateway/proxy.ts';
import { invalidArgument, notImplemented, S3ApiError } from './s3-error.ts';
import { parseRange } from './s3-range.ts';
import type { ObjectInfo, S3Store } from './s3-store.ts';
import { doc, el, errorDoc, parseDeleteRequest } from './s3-xml.ts';

/**
 * The S3 REST API the project uses, path-style (`/<bucket>/<key>`; clients set
 * `forcePathStyle: true`): ListBuckets, CreateBucket, HeadBucket, DeleteBucket, ListObjectsV2
 * (prefix, delimiter, start-after, continuation token, max-keys), DeleteObjects, PutObject,
 * CopyObject, GetObject, HeadObject and DeleteObject. Anything else answers `NotImplemented`.
 * Requests are not authenticated (any credentials work, as with the other emulators).
 */
export class S3Emulator {
  constructor(readonly store: S3Store) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      await this.route(req, res, requestId);
    } catch (err) {
      if (!(err instanceof S3ApiError)) throw err;
      req.resume();
      const body = req.method === 'HEAD' ? '' : errorDoc(err.code, err.message, err.resource, requestId);
      send(res, err.status, body, { 'x-amz-request-id': requestId }, req.method === 'HEAD');
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(1);
    const slash = path.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    const q = url.searchParams;
    q.delete('x-id'); // the SDK names the operation in the query; the method and path say it already
    const head = { 'x-amz-request-id': requestId };
    const ok = (body = '', headers: OutgoingHttpHeaders = {}, status = 200) =>
      send(res, status, body, { ...head, ...headers }, method === 'HEAD');
    const { store } = this;

    if (bucket === '') {
      if (method !== 'GET') throw notImplemented(`${method} /`);
      const buckets = await store.listBuckets();
      return ok(
        doc(
          'ListAllMyBucketsResult',
          `<Owner>${el('ID', 'sluice')}${el('DisplayName', 'sluice')}</Owner><Buckets>${buckets
            .map(
              (b) => `<Bucket>${el('Name', b.name)}${el('CreationDate', b.created.toISOString())}</Bucket>`,
            )
            .join('')}</Buckets>`,
        ),
        xmlType,
      );
    }

    if (key === '') {
      if (method === 'PUT' && q.size === 0) {
        req.resume();
        await store.createBucket(bucket);
        return ok('', { location: `/${bucket}` });
      }
      if (method === 'HEAD') {
        await store.headBucket(bucket);
        return ok('', { 'x-amz-bucket-region': 'us-east-1' });
      }
      if (method === 'DELETE' && q.size === 0) {
        await store.deleteBucket(bucket);
        return ok('', {}, 204);
      }
      if (method === 'GET' && q.get('list-type') === '2') return ok(await this.listV2(bucket, q), xmlType);
      if (method === 'GET' && q.has('location')) {
        return ok(doc('LocationConstraint', ''), xmlType);
      }
      if (method === 'POST' && q.has('delete')) {
        const { keys, quiet } = parseDeleteRequest((await readBody(req)).toString('utf8'));
        for (const k of keys) await store.deleteObject(bucket, k);
        const deleted = quiet ? '' : keys.map((k) => `<Deleted>${el('Key', k)}</Deleted>`).join('');
        return ok(doc('DeleteResult', deleted), xmlType);
      }
      throw notImplemented(`${method} /${bucket}?${q.toString()}`);
    }

    if (q.size > 0) throw notImplemented(`${method} ${url.pathname}?${q}`);
    switch (method) {
      case 'PUT': {
        const source = req.headers['x-amz-copy-source'];
        if (typeof source === 'string') {
          req.resume();
          const [srcBucket, srcKey] = copySource(source);
          const info = await store.copyObject(srcBucket, srcKey, bucket, key);
          return ok(
            doc(
              'CopyObjectResult',
              `${el('LastModified', info.lastModified.toISOString())}${el('ETag', info.etag)}`,
            ),
            xmlType,
          );
        }
        const info = await store.putObject(bucket, key, decodeBody(req, await readBody(req)));
        return ok('', { etag: info.etag });
      }
      case 'GET': {
        const { info, body } = await store.getObject(bucket, key);
        const range = parseRange(req.headers.range, info.size);
        if (range) {
          res.writeHead(206, {
            ...head,
            ...objectHeaders(info),
            'content-length': range.end - range.start + 1,
            'content-range': `bytes ${range.start}-${range.end}/${info.size}`,
          });
          return void res.end(body.subarray(range.start, range.end + 1));
        }
        res.writeHead(200, { ...head, ...objectHeaders(info) });
        return void res.end(body);
      }
      case 'HEAD':
        return ok('', objectHeaders(await store.headObject(bucket, key)));
      case 'DELETE':
        await store.deleteObject(bucket, key);
        return ok('', {}, 204);
      default:
        throw notImplemented(`${method} on an object`);
    }
  }

  private async listV2(bucket: string, q: URLSearchParams): Promise<string> {
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const startAfter = q.get('start-after') ?? '';
    const token = q.get('continuation-token');
    const maxKeys = Math.min(Math.max(Number(q.get('max-keys') ?? '1000') || 0, 0), 1000);
    let resume = { after: startAfter, skipPrefix: '' };
    if (token !== null) {
      try {
        resume = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof resume;
      } catch {
        throw invalidArgument('The continuation token provided is incorrect');
      }
    }
    const page =
      maxKeys === 0
        ? { objects: [], commonPrefixes: [], next: undefined }
        : await this.store.list(bucket, { prefix, delimiter, maxKeys, ...resume });
    const url = q.get('encoding-type') === 'url';
    const enc = (s: string) => (url ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
    const next = page.next && Buffer.from(JSON.stringify(page.next)).toString('base64url');
    return doc(
      'ListBucketResult',
      el('Name', bucket) +
        el('Prefix', enc(prefix)) +
        (delimiter ? el('Delimiter', enc(delimiter)) : '') +
        el('MaxKeys', maxKeys) +
        el('KeyCount', page.objects.length + page.commonPrefixes.length) +
        el('IsTruncated', next !== undefined) +
        (url ? el('EncodingType', 'url') : '') +
        (token !== null ? el('ContinuationToken', token) : '') +
        (next ? el('NextContinuationToken', next) : '') +
        (startAfter ? el('StartAfter', enc(startAfter)) : '') +
        page.objects
          .map(
            (o) =>
              `<Contents>${el('Key', enc(o.key))}${el('LastModified', o.lastModified.toISOString())}${el(
                'ETag',
                o.etag,
              )}${el('Size', o.size)}${el('StorageClass', 'STANDARD')}</Contents>`,
          )
          .join('') +
        page.commonPrefixes.map((p) => `<CommonPrefixes>${el('Prefix', enc(p))}</CommonPrefixes>`).join(''),
    );
  }
}

const xmlType = { 'content-type': 'application/xml' };

function objectHeaders(info: ObjectInfo): OutgoingHttpHeaders {
  return {
    'content-type': 'application/octet-stream',
    'content-length': info.size,
    etag: info.etag,
    'last-modified': info.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders,
  headOnly: boolean,
): void {
  const out: OutgoingHttpHeaders = { ...headers };
  if (out['content-length'] === undefined) out['content-length'] = Buffer.byteLength(body);
  if (body !== '' && out['content-type'] === undefined) out['content-type'] = 'application/xml';
  res.writeHead(status, out);
  res.end(headOnly ? undefined : body);
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
function copySource(header: string): [string, string] {
  const path = decodeURIComponent(header.split('?')[0]!.replace(/^\//, ''));
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalidArgument(`bad x-amz-copy-source '${header}'`);
  return [path.slice(0, slash), path.slice(slash + 1)];
}

/**
 * The object's bytes. The SDK may send a body in `aws-chunked` encoding (streaming uploads with a
 * trailing checksum): `<hex size>[;chunk-signature=…]\r\n<data>\r\n … 0…\r\n<trailers>\r\n\r\n`.
 */
function decodeBody(req: IncomingMessage, raw: Buffer): Buffer {
  const encoding = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return raw;
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) throw invalidArgument('truncated aws-chunked body');
    const size = Number.parseInt(raw.subarray(pos, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw invalidArgument('bad aws-chunked chunk header');
    if (size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
