import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { sendJsonError } from './proxy.ts';

/**
 * What every local server of sluice asks of a request before serving it, so that no web page in
 * the user's browser and no other host can use it (docs/security.md):
 * - `Host` names a loopback address (127.0.0.1, localhost, [::1]) and, when known, the server's
 *   port: a DNS-rebinding page sends its own host name;
 * - no `Origin` other than the server's own: the AWS SDK in Node sends none, and a browser always
 *   sends one on a cross-origin request;
 * - with `sigv4`, an `Authorization: AWS4-HMAC-SHA256 …` header of SigV4's shape: the SDK always
 *   sends one, and a page cannot without a CORS preflight, which these servers never grant.
 */
export interface GuardOptions {
  /** The port the server listens on, which `Host` must name; undefined accepts any port. */
  readonly port: number | undefined;
  /** Require a SigV4 `Authorization` header. */
  readonly sigv4: boolean;
}

/** Why a request is refused: an AWS-style error code and a message naming what was refused. */
export interface Refusal {
  readonly code: 'ForbiddenHost' | 'ForbiddenOrigin' | 'MissingAuthenticationToken' | 'IncompleteSignature';
  readonly message: string;
}

export const LOOPBACK_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s,]+\/\d{8}\/[^/\s,]+\/[^/\s,]+\/aws4_request,\s*SignedHeaders=[a-z0-9-]+(;[a-z0-9-]+)*,\s*Signature=[0-9a-f]{64}$/;

/** `host` split into a lower-case name and its port (undefined when it names none). */
function splitHost(host: string): { name: string; port: string | undefined } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  return m ? { name: m[1] ?? '', port: m[2] } : { name: '', port: undefined };
}

/** Whether `host` (a Host header or a URL's host) is a loopback name with the expected port. */
export function isLoopbackHost(host: string, port: number | undefined): boolean {
  const h = splitHost(host);
  if (!LOOPBACK_NAMES.includes(h.name)) return false;
  return port === undefined || h.port === String(port);
}

/** Why `headers` may not be served (undefined: serve them). */
export function refusal(headers: IncomingHttpHeaders, opts: GuardOptions): Refusal | undefined {
  const host = headers.host ?? '';
  if (!isLoopbackHost(host, opts.port)) {
    const where =
      opts.port === undefined ? 'a loopback name' : `127.0.0.1:${opts.port} or localhost:${opts.port}`;
    return {
      code: 'ForbiddenHost',
      message: `refused Host '${host}': this local server answers only ${where} (DNS rebinding guard)`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, opts.port)) {
    return {
      code: 'ForbiddenOrigin',
      message: `refused Origin '${origin}': web pages may not call this local server (the AWS SDK sends no Origin)`,
    };
  }
  if (!opts.sigv4) return undefined;
  const auth = headers.authorization;
  if (auth === undefined || auth === '') {
    return {
      code: 'MissingAuthenticationToken',
      message: 'refused a request without an Authorization header: sign it with SigV4 (any AWS SDK does)',
    };
  }
  if (!SIGV4.test(auth)) {
    return {
      code: 'IncompleteSignature',
      message:
        'refused an Authorization header that is not AWS4-HMAC-SHA256 Credential=…/aws4_request, ' +
        'SignedHeaders=…, Signature=<64 hex>: sign the request with SigV4',
    };
  }
  return undefined;
}

/** An Origin is the server's own only if it is http://<loopback>:<port> of this very server. */
function isOwnOrigin(origin: string, port: number | undefined): boolean {
  if (port === undefined) return false;
  const m = /^http:\/\/([^/]+)$/i.exec(origin);
  return m?.[1] !== undefined && isLoopbackHost(m[1], port);
}

/**
 * Puts the guard in front of `server`'s request handlers (e.g. a library's server such as
 * kinesalite's): a refused request gets a 403 with an AWS-style JSON error and never reaches them.
 * `opts` is read per request, so a server listening on port 0 can name its port once bound.
 */
export function guardServer(server: Server, opts: () => GuardOptions): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refused = refusal(req.headers, opts());
    if (refused) {
      sendRefusal(req, res, refused);
      return;
    }
    for (const h of handlers) h.call(server, req, res);
  });
}

/** Answers a refused request: 403, the refusal's code as the AWS error type, and its message. */
export function sendRefusal(req: IncomingMessage, res: ServerResponse, refused: Refusal): void {
  req.resume();
  sendJsonError(res, 403, refused.code, refused.message);
}
