import {
  Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

export function newAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 10_000 });
}

/**
 * Forwards `req` to 127.0.0.1:`port` and streams the answer back. With `body`, sends that buffer
 * instead of streaming the request (used after a rewrite). Upstream failures become a 502 with an
 * AWS-style JSON error so SDK clients retry.
 */
export function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  agent: Agent,
  body?: Buffer,
): void {
  const headers: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  }
  if (body) headers['content-length'] = body.length;
  else if (req.headers['transfer-encoding']) headers['transfer-encoding'] = req.headers['transfer-encoding'];
  const up = request(
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent },
    (upRes) => {
      const out: OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(upRes.headers)) {
        if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      }
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
    },
  );
  up.on('error', (err) => {
    if (res.headersSent) return void res.destroy();
    sendJsonError(res, 502, 'ServiceUnavailableException', `upstream 127.0.0.1:${port}: ${err.message}`);
  });
  if (body) up.end(body);
  else req.pipe(up);
}

export function sendJsonError(res: ServerResponse, status: number, type: string, message: string): void {
  const payload = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-errortype': type,
  });
  res.end(payload);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
