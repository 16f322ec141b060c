import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkBearer } from '../api/auth.ts';
import { ConsoleError } from '../errors.ts';
import { listenLocal } from '../server/listen-local.ts';
import { checkLocalRequest } from '../server/local-guard.ts';
import { readBody } from '../server/read-body.ts';
import { SECURITY_HEADERS } from '../server/security-headers.ts';
import { type ForwardPath, forwardPath } from './forward-path.ts';
import type { Signer } from './sign-request.ts';

/** Request headers passed on to the function; every other (cookies, origin, the bearer) stays here. */
const FORWARDED = ['content-type', 'accept'] as const;

export interface SigningProxyOptions {
  /** The console's function URL (only its origin is used). */
  readonly target: URL;
  /** Port on 127.0.0.1; 0 = any free port. */
  readonly port: number;
  /** The bearer token every /api route but /api/health needs, as for the local console. */
  readonly token: string;
  readonly sign: Signer;
  /** @default 30 s */
  readonly timeoutMs?: number;
}

export interface SigningProxy {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const jsonAnswer = (status: number, code: string, message: string): Answer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ error: { code, message } })),
});

/**
 * `sluice console --remote`: serves 127.0.0.1 only and forwards each request to the console's
 * IAM-authenticated function URL, signed with SigV4 (service `lambda`) with the caller's AWS
 * credentials. Like the local console it refuses a foreign Host (DNS rebinding) or Origin, and needs
 * the printed token on every path but the UI's files and /api/health; it forwards only plain paths,
 * to the target's own origin (forward-path.ts). So no other local process or web page can borrow
 * those credentials, and nothing is ever signed for another host.
 */
export async function startSigningProxy(opts: SigningProxyOptions): Promise<SigningProxy> {
  let port = opts.port;
  const server = createServer((req, res) => {
    handle(req)
      .catch((err: unknown) => {
        const e = err as ConsoleError;
        return e instanceof ConsoleError
          ? jsonAnswer(e.status, e.code, e.message)
          : jsonAnswer(502, 'REMOTE_FAILED', `${opts.target.origin}: ${(err as Error).message}`);
      })
      .then((a) => send(res, a));
  });
  const handle = async (req: IncomingMessage): Promise<Answer> => {
    const method = req.method ?? 'GET';
    try {
      checkLocalRequest(req.headers, port);
      const path = forwardPath(method, req.url ?? '/');
      if (!path.public) checkBearer(req.headers.authorization, opts.token);
      return await forwardSigned(req, method, path);
    } catch (err) {
      req.resume();
      throw err;
    }
  };
  const forwardSigned = async (req: IncomingMessage, method: string, path: ForwardPath): Promise<Answer> => {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const v = req.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    const url = new URL(opts.target.origin);
    url.pathname = path.pathname;
    url.search = path.search;
    if (url.origin !== opts.target.origin) throw new Error(`refusing to sign for ${url.origin}`);
    const signed = await opts.sign({ method, url, headers, body: body.length > 0 ? body : undefined });
    const answer = await forward(url, method, signed, body, opts.timeoutMs ?? 30_000);
    return explainForbidden(answer, url);
  };
  const bound = await listenLocal(server, opts.port);
  port = bound.port;
  return bound;
}

function forward(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: { ...headers, ...(body.length > 0 ? { 'content-length': String(body.length) } : {}) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const type = res.headers['content-type'];
          resolve({
            status: res.statusCode ?? 502,
            headers: typeof type === 'string' ? { 'content-type': type } : {},
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body.length > 0 ? body : undefined);
  });
}

/** Lambda's bare 403 for a refused signature, said in terms of what to fix. */
function explainForbidden(a: Answer, url: URL): Answer {
  if (a.status !== 403 || a.body.toString('utf8').includes('"error"')) return a;
  return jsonAnswer(
    403,
    'IAM_FORBIDDEN',
    `${url.origin} refused the signed request (${a.body.toString('utf8').trim() || 'Forbidden'}): ` +
      'your AWS identity needs lambda:InvokeFunctionUrl and lambda:InvokeFunction on the console ' +
      "function, and the region must be the function's",
  );
}

function send(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status, { ...SECURITY_HEADERS, ...a.headers, 'content-length': a.body.length });
  res.end(a.body);
}
