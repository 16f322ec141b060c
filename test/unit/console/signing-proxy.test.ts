import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from '../../../console/remote/sign-request.ts';
import { type SigningProxy, startSigningProxy } from '../../../console/remote/signing-proxy.ts';
import { type SignedRequestParts, sigv4Signature, verifySigV4 } from '../../support/sigv4-verify.ts';

/**
 * AWS's published example "GET Object" (Amazon S3 API reference, "Signature Calculations for the
 * Authorization Header: Transferring Payload in a Single Chunk"): these credentials, this request
 * and this date give exactly this signature.
 */
const VECTOR = {
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
  url: 'https://examplebucket.s3.amazonaws.com/test.txt',
  range: 'bytes=0-9',
  date: new Date('2013-05-24T00:00:00Z'),
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
    'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
    'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
};

describe('SigV4 signing (console/remote/sign-request.ts)', () => {
  it("reproduces AWS's published GET Object signature", async () => {
    const sign = createSigner({
      region: 'us-east-1',
      service: 's3',
      credentials: VECTOR.credentials,
      now: () => VECTOR.date,
    });
    const headers = await sign({
      method: 'GET',
      url: new URL(VECTOR.url),
      headers: { range: VECTOR.range },
      body: undefined,
    });
    expect(headers.authorization).toBe(VECTOR.authorization);
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
  });

  it('the test verifier agrees with the same published vector (so it can judge the proxy)', () => {
    const sig = sigv4Signature(
      {
        method: 'GET',
        path: '/test.txt',
        query: '',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          range: VECTOR.range,
          'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          'x-amz-date': '20130524T000000Z',
        },
        body: Buffer.alloc(0),
      },
      {
        signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
        amzDate: '20130524T000000Z',
        region: 'us-east-1',
        service: 's3',
        secretAccessKey: VECTOR.credentials.secretAccessKey,
      },
    );
    expect(VECTOR.authorization.endsWith(`Signature=${sig}`)).toBe(true);
  });
});

/** A stand-in for an AWS_IAM function URL: Lambda's front end refuses what is not signed right. */
const CREDS = { accessKeyId: 'AKIDCONSOLETEST', secretAccessKey: 'console-test-secret/key+1' };
const REGION = 'eu-west-1';
let fnUrl: Server;
let fnOrigin: URL;
const seen: SignedRequestParts[] = [];
let proxy: SigningProxy;
let badProxy: SigningProxy;
const TOKEN = 'test-token-0123456789';

beforeAll(async () => {
  fnUrl = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const parts: SignedRequestParts = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        body: Buffer.concat(chunks),
      };
      seen.push(parts);
      const why = verifySigV4(parts, CREDS, { region: REGION, service: 'lambda' });
      if (why) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Message: 'Forbidden' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'x=1' });
      res.end(JSON.stringify({ path: parts.path, query: parts.query, body: parts.body.toString('utf8') }));
    });
  });
  await new Promise<void>((r) => fnUrl.listen(0, '127.0.0.1', () => r()));
  const addr = fnUrl.address();
  fnOrigin = new URL(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`);
  proxy = await startSigningProxy({
    target: fnOrigin,
    port: 0,
    token: TOKEN,
    sign: createSigner({ region: REGION, credentials: CREDS }),
  });
  badProxy = await startSigningProxy({
    target: fnOrigin,
    port: 0,
    token: TOKEN,
    sign: createSigner({ region: REGION, credentials: { ...CREDS, secretAccessKey: 'not-the-secret' } }),
  });
});

afterAll(async () => {
  await proxy?.stop();
  await badProxy?.stop();
  await new Promise<void>((r) => fnUrl?.close(() => r()));
});

async function call(
  p: SigningProxy,
  method: string,
  path: string,
  init: { token?: string; body?: string } = {},
) {
  const res = await fetch(new URL(path, p.url), {
    method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      cookie: 'session=should-not-leave',
    },
    ...(init.body ? { body: init.body } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('the signing proxy (sluice console --remote)', () => {
  it('signs a write with its body and query so that a SigV4 verifier accepts it', async () => {
    const before = seen.length;
    const body = JSON.stringify({ target: 3, dryRun: true });
    const r = await call(proxy, 'POST', '/api/pipelines/orders/stages/s2/rescale?x=a%20b&a=1', {
      token: TOKEN,
      body,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ path: '/api/pipelines/orders/stages/s2/rescale', query: 'x=a%20b&a=1', body });
    const sent = seen[before]!;
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDCONSOLETEST\/\d{8}\/eu-west-1\/lambda\//,
    );
    // the bearer token and the browser's cookies stay on this machine
    expect(sent.headers.cookie).toBeUndefined();
    expect(JSON.stringify(sent.headers)).not.toContain(TOKEN);
    // and nothing the function answers beyond its content type reaches the browser
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses an API call without the token (401) or with a wrong one (403), before signing', async () => {
    const before = seen.length;
    const none = await call(proxy, 'POST', '/api/pipelines/orders/dead-letters/replay');
    expect(none.status).toBe(401);
    expect((none.body.error as { code: string }).code).toBe('UNAUTHORIZED');
    const wrong = await call(proxy, 'POST', '/api/pipelines/orders/stages/s1/rescale', {
      token: 'nope',
      body: '{"target":2}',
    });
    expect(wrong.status).toBe(403);
    expect((wrong.body.error as { code: string }).code).toBe('FORBIDDEN');
    expect(seen.length).toBe(before);
  });

  it('serves the UI and /api/health without the token, signed', async () => {
    const r = await call(proxy, 'GET', '/api/health');
    expect(r.status).toBe(200);
    expect(verifySigV4(seen.at(-1)!, CREDS, { region: REGION, service: 'lambda' })).toBeNull();
  });

  it('says what IAM needs when the function URL refuses the signature', async () => {
    const r = await call(badProxy, 'GET', '/api/pipelines', { token: TOKEN });
    expect(r.status).toBe(403);
    const err = r.body.error as { code: string; message: string };
    expect(err.code).toBe('IAM_FORBIDDEN');
    expect(err.message).toContain('lambda:InvokeFunctionUrl');
  });
});
