import { describe, expect, it } from 'vitest';
import { isLoopbackHost, refusal } from '../../../localstack/gateway/request-guard.ts';

const SIG = `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1:4566', 4566, true],
    ['localhost:4566', 4566, true],
    ['LOCALHOST:4566', 4566, true],
    ['[::1]:4566', 4566, true],
    ['127.0.0.1:4567', 4566, false],
    ['127.0.0.1', 4566, false],
    ['127.0.0.1.evil.example:4566', 4566, false],
    ['localhost.evil.example:4566', 4566, false],
    ['evil.example:4566', 4566, false],
    ['127.0.0.2:4566', 4566, false],
    ['0.0.0.0:4566', 4566, false],
    ['', 4566, false],
    ['127.0.0.1:9', undefined, true],
    ['localhost', undefined, true],
    ['rebind.example:9', undefined, false],
  ] as const)('%s (port %s) → %s', (host, port, want) => {
    expect(isLoopbackHost(host, port)).toBe(want);
  });
});

describe('refusal', () => {
  const ok = { host: '127.0.0.1:4566', authorization: SIG };
  it('serves a signed loopback request without Origin, or with its own', () => {
    expect(refusal(ok, { port: 4566, sigv4: true })).toBeUndefined();
    expect(refusal({ ...ok, origin: 'http://localhost:4566' }, { port: 4566, sigv4: true })).toBeUndefined();
  });
  it.each([
    [{ ...ok, host: 'rebind.example:4566' }, 'ForbiddenHost'],
    [{ ...ok, origin: 'https://evil.example' }, 'ForbiddenOrigin'],
    [{ ...ok, origin: 'null' }, 'ForbiddenOrigin'],
    [{ ...ok, origin: 'http://127.0.0.1:4567' }, 'ForbiddenOrigin'],
    [{ ...ok, origin: 'http://127.0.0.1:4566/x' }, 'ForbiddenOrigin'],
    [{ host: ok.host }, 'MissingAuthenticationToken'],
    [{ ...ok, authorization: 'Bearer abc' }, 'IncompleteSignature'],
    [{ ...ok, authorization: SIG.replace(/Signature=\w+/, 'Signature=0') }, 'IncompleteSignature'],
    [{ ...ok, authorization: SIG.replace('aws4_request', 'x') }, 'IncompleteSignature'],
  ])('refuses %j with %s', (headers, code) => {
    expect(refusal(headers, { port: 4566, sigv4: true })?.code).toBe(code);
  });
  it('needs no signature where sigv4 is off, and refuses every Origin where the port is unknown', () => {
    expect(refusal({ host: '127.0.0.1:1' }, { port: undefined, sigv4: false })).toBeUndefined();
    expect(
      refusal({ host: '127.0.0.1:1', origin: 'http://127.0.0.1:1' }, { port: undefined, sigv4: false })?.code,
    ).toBe('ForbiddenOrigin');
  });
});
