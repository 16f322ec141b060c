import { createHash, createHmac } from 'node:crypto';

/**
 * An independent SigV4 verifier (node:crypto only, written from AWS's "Create a signed AWS API
 * request" steps), for tests: it checks what the signing proxy sends the way Lambda's function URL
 * front end would, without sharing code with the signer under test.
 */
export interface SignedRequestParts {
  readonly method: string;
  /** The path as sent (already URI-encoded). */
  readonly path: string;
  /** The query string as sent, without `?`. */
  readonly query: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((kv) => {
      const [k = '', v = ''] = kv.split('=');
      return [enc(decodeURIComponent(k)), enc(decodeURIComponent(v.replace(/\+/g, ' ')))] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The hex signature of a request, given the headers it signs, at `amzDate` (yyyyMMddTHHmmssZ). */
export function sigv4Signature(
  req: SignedRequestParts,
  opts: {
    readonly signedHeaders: readonly string[];
    readonly amzDate: string;
    readonly region: string;
    readonly service: string;
    readonly secretAccessKey: string;
  },
): string {
  const canonicalHeaders = opts.signedHeaders
    .map((h) => `${h}:${(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  // Lambda, like every service but S3, normalizes and double-encodes the path
  const path = opts.service === 's3' ? req.path : req.path.split('/').map(enc).join('/');
  const canonical = [
    req.method,
    path,
    canonicalQuery(req.query),
    canonicalHeaders,
    opts.signedHeaders.join(';'),
    hex(req.body),
  ].join('\n');
  const day = opts.amzDate.slice(0, 8);
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', opts.amzDate, scope, hex(canonical)].join('\n');
  const kDate = hmac(`AWS4${opts.secretAccessKey}`, day);
  const key = hmac(hmac(hmac(kDate, opts.region), opts.service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

/** Why a request's Authorization header is not a valid SigV4 signature by `creds`, or null. */
export function verifySigV4(
  req: SignedRequestParts,
  creds: Credentials,
  expect: { readonly region: string; readonly service: string },
): string | null {
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    );
  if (!m) return 'no SigV4 Authorization header';
  const [, keyId, day, region, service, signed = '', signature] = m;
  if (keyId !== creds.accessKeyId) return `unknown access key ${keyId}`;
  if (region !== expect.region || service !== expect.service) return `wrong scope ${region}/${service}`;
  const amzDate = req.headers['x-amz-date'] ?? '';
  if (!amzDate.startsWith(day ?? '-')) return 'x-amz-date does not match the credential scope';
  const signedHeaders = signed.split(';');
  if (!signedHeaders.includes('host')) return 'host is not signed';
  const want = sigv4Signature(req, {
    signedHeaders,
    amzDate,
    region: expect.region,
    service: expect.service,
    secretAccessKey: creds.secretAccessKey,
  });
  return want === signature ? null : 'signature does not match';
}
