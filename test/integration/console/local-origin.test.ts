import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../console/api/types.ts';
import { createSigner } from '../../../console/remote/sign-request.ts';
import { type SigningProxy, startSigningProxy } from '../../../console/remote/signing-proxy.ts';
import { type ConsoleServer, serveConsole } from '../../../console/server/http-server.ts';

/**
 * The console's two local servers against what a web page or a crafted request line sends: a
 * foreign Origin, a rebinding Host, and (for `console --remote`) request targets that a URL parser
 * would read as another host, which the proxy must never sign for.
 */
const TOKEN = 'local-origin-token-0123456789';
const CREDS = { accessKeyId: 'AKIDORIGINTEST', secretAccessKey: 'origin-test-secret' };

/** A server that records what reaches it. */
async function recorder(): Promise<{
  server: Server;
  port: number;
  seen: Array<{ url: string; headers: IncomingHttpHeaders }>;
}> {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"reached":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0, seen };
}

/** One request with exactly this request-target and these headers (fetch() normalizes both). */
function raw(port: number, method: string, target: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let fn: Awaited<ReturnType<typeof recorder>>;
let other: Awaited<ReturnType<typeof recorder>>;
let proxy: SigningProxy;
let consoleServer: ConsoleServer;
const handled: ApiRequest[] = [];

beforeAll(async () => {
  fn = await recorder();
  other = await recorder();
  proxy = await startSigningProxy({
    target: new URL(`http://127.0.0.1:${fn.port}/`),
    port: 0,
    token: TOKEN,
    sign: createSigner({ region: 'eu-west-1', credentials: CREDS }),
  });
  consoleServer = await serveConsole({
    port: 0,
    handler: async (req) => {
      handled.push(req);
      return { status: 200, body: { ok: true } };
    },
    ui: { files: new Map([['/', { type: 'text/html', body: Buffer.from('<p>ui</p>') }]]) },
  });
});

afterAll(async () => {
  await proxy?.stop();
  await consoleServer?.stop();
  for (const s of [fn?.server, other?.server]) await new Promise<void>((r) => (s ? s.close(() => r()) : r()));
});

describe('console --remote: the signing proxy', () => {
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const host = () => ({ host: `127.0.0.1:${proxy.port}` });

  it('never signs a request for another host, whatever the request target', async () => {
    const tricks = [
      `/.//127.0.0.1:${other.port}/x`,
      `//127.0.0.1:${other.port}/x`,
      `/..//127.0.0.1:${other.port}/x`,
      `/%2e/%2f127.0.0.1:${other.port}/x`,
      `/api/../..//127.0.0.1:${other.port}/x`,
      `http://127.0.0.1:${other.port}/x`,
      `/\\127.0.0.1:${other.port}/x`,
      `/api//pipelines`,
    ];
    for (const target of tricks) {
      const r = await raw(proxy.port, 'GET', target, { ...host(), ...bearer });
      expect([target, r.status]).toEqual([target, 400]);
    }
    expect(other.seen).toEqual([]);
    expect(fn.seen).toEqual([]);
  });

  it('needs the token on every path but the UI files and /api/health, and signs those for the target', async () => {
    const before = fn.seen.length;
    for (const path of ['/anything', '/api/pipelines', '/app.js.map']) {
      const r = await raw(proxy.port, 'GET', path, host());
      expect([path, r.status]).toEqual([path, 401]);
    }
    expect(fn.seen.length).toBe(before);
    for (const path of ['/', '/index.html', '/app.js', '/app.css', '/api/health']) {
      const r = await raw(proxy.port, 'GET', path, host());
      expect([path, r.status]).toEqual([path, 200]);
    }
    const withToken = await raw(proxy.port, 'GET', '/api/pipelines?x=1', { ...host(), ...bearer });
    expect(withToken.status).toBe(200);
    const last = fn.seen.at(-1)!;
    expect(last.url).toBe('/api/pipelines?x=1');
    expect(last.headers.host).toBe(`127.0.0.1:${fn.port}`);
    expect(String(last.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDORIGINTEST\//);
  });

  it('refuses a foreign Origin and a rebinding Host before signing', async () => {
    const before = fn.seen.length;
    const page = await raw(proxy.port, 'POST', '/api/pipelines', {
      ...host(),
      ...bearer,
      origin: 'https://evil.example',
    });
    expect(page.status).toBe(403);
    expect(page.body).toContain('evil.example');
    const rebound = await raw(proxy.port, 'GET', '/api/health', {
      host: `rebind.attacker.example:${proxy.port}`,
    });
    expect(rebound.status).toBe(403);
    expect(fn.seen.length).toBe(before);
  });
});

describe('the local console server', () => {
  const host = () => ({ host: `127.0.0.1:${consoleServer.port}` });

  it("refuses another site's Origin on the API, and serves its own", async () => {
    const before = handled.length;
    const page = await raw(consoleServer.port, 'POST', '/api/pipelines', {
      ...host(),
      origin: 'https://evil.example',
      authorization: 'Bearer whatever',
    });
    expect(page.status).toBe(403);
    expect(JSON.parse(page.body).error.code).toBe('FORBIDDEN');
    expect(handled.length).toBe(before);
    const own = await raw(consoleServer.port, 'POST', '/api/pipelines', {
      ...host(),
      origin: `http://127.0.0.1:${consoleServer.port}`,
    });
    expect(own.status).toBe(200);
    expect(handled.length).toBe(before + 1);
  });

  it('refuses a rebinding Host, on the UI too', async () => {
    const r = await raw(consoleServer.port, 'GET', '/', {
      host: `rebind.attacker.example:${consoleServer.port}`,
    });
    expect(r.status).toBe(403);
    expect((await raw(consoleServer.port, 'GET', '/', host())).status).toBe(200);
  });
});
