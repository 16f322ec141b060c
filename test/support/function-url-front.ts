import { createServer } from 'node:http';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { type Credentials, type SignedRequestParts, verifySigV4 } from './sigv4-verify.ts';

export interface FunctionUrlFront {
  readonly url: URL;
  /** Requests refused for their signature. */
  readonly refused: () => number;
  stop(): Promise<void>;
}

/**
 * A stand-in for an AWS_IAM function URL on 127.0.0.1, for tests: it refuses (bare 403, as Lambda
 * does) a request that `creds` did not sign with SigV4 for `lambda` in `region`, and turns the
 * others into a function URL event (payload format 2.0) for the Lambda API's Invoke.
 */
export async function startFunctionUrlFront(opts: {
  readonly lambda: LambdaClient;
  readonly functionName: string;
  readonly creds: Credentials;
  readonly region: string;
}): Promise<FunctionUrlFront> {
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://front');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const parts: SignedRequestParts = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        body: Buffer.concat(chunks),
      };
      if (verifySigV4(parts, opts.creds, { region: opts.region, service: 'lambda' }) !== null) {
        refused += 1;
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end('{"Message":"Forbidden"}');
        return;
      }
      const event = {
        version: '2.0',
        rawPath: parts.path,
        rawQueryString: parts.query,
        headers,
        requestContext: { http: { method: parts.method, path: parts.path } },
        ...(parts.body.length > 0 ? { body: parts.body.toString('utf8'), isBase64Encoded: false } : {}),
      };
      opts.lambda
        .send(
          new InvokeCommand({
            FunctionName: opts.functionName,
            Payload: new TextEncoder().encode(JSON.stringify(event)),
          }),
        )
        .then((out) => {
          const r = JSON.parse(new TextDecoder().decode(out.Payload)) as {
            statusCode: number;
            headers?: Record<string, string>;
            body?: string;
          };
          if (out.FunctionError) throw new Error(JSON.stringify(r));
          res.writeHead(r.statusCode, r.headers ?? {});
          res.end(r.body ?? '');
        })
        .catch((err: unknown) => {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ Message: String(err) }));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return {
    url: new URL(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`),
    refused: () => refused,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
