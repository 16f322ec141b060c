import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { UiAssets } from '../../ops/index.ts';
import type { ApiRequest, ApiResponse } from '../api/types.ts';
import type { ConsoleError } from '../errors.ts';
import { listenLocal } from './listen-local.ts';
import { checkLocalRequest } from './local-guard.ts';
import { readBody } from './read-body.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

export interface ConsoleServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  readonly port: number;
  readonly handler: (req: ApiRequest) => Promise<ApiResponse>;
  readonly ui: UiAssets;
}

/**
 * Serves the console on 127.0.0.1 only: the bundled UI, and `/api/*` through the pure handler.
 * Requests whose Host is not this loopback address (DNS rebinding) or that carry another site's
 * Origin (a page posting to the console) are refused (local-guard.ts); /api/* needs the token.
 */
export async function serveConsole(opts: ServeOptions): Promise<ConsoleServer> {
  let port = opts.port;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: String(err) } });
      else res.destroy();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      checkLocalRequest(req.headers, port);
    } catch (err) {
      req.resume();
      const e = err as ConsoleError;
      return sendJson(res, e.status, { error: { code: e.code, message: e.message } });
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      req.resume();
      const file = opts.ui.files.get(url.pathname === '/index.html' ? '/' : url.pathname);
      if (!file || req.method !== 'GET')
        return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: url.pathname } });
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': file.type,
        'content-length': file.body.length,
      });
      return void res.end(file.body);
    }
    let body: string;
    try {
      body = (await readBody(req)).toString('utf8');
    } catch (err) {
      const e = err as ConsoleError;
      return sendJson(res, e.status ?? 400, { error: { code: e.code ?? 'BAD_REQUEST', message: e.message } });
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const answer = await opts.handler({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    if ('events' in answer) return streamEvents(req, res, answer.events);
    sendJson(res, answer.status, answer.body);
  };
  const bound = await listenLocal(server, opts.port);
  port = bound.port;
  return bound;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  events: AsyncIterable<{ event: string; data: string }>,
): Promise<void> {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
  });
  let closed = false;
  req.on('close', () => {
    closed = true;
  });
  res.write(': stream\n\n');
  for await (const e of events) {
    if (closed) break;
    res.write(`event: ${e.event}\ndata: ${e.data}\n\n`);
  }
  res.end();
}
