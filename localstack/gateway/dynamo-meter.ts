import type { Agent, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { METERED_DYNAMO_OPS, type UsageMeter } from '../usage-meter.ts';
import { readBody, sendJsonError } from './proxy.ts';

/**
 * Forwards one DynamoDB call to DynamoDB Local with `ReturnConsumedCapacity: TOTAL` added when the
 * caller did not ask, and counts the capacity it reports into `meter`, as a function's or a tool's. The answer is passed on
 * unchanged apart from that field (SDK clients ignore an extra ConsumedCapacity).
 */
export async function proxyMeteredDynamo(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  agent: Agent,
  op: string,
  meter: UsageMeter,
): Promise<void> {
  // the SDK names a Lambda execution environment in its user agent (exec-env/AWS_Lambda_…)
  const agentHeaders = `${req.headers['user-agent'] ?? ''} ${req.headers['x-amz-user-agent'] ?? ''}`;
  const fromFunction = agentHeaders.includes('exec-env/AWS_Lambda');
  let body = await readBody(req);
  if (METERED_DYNAMO_OPS.has(op)) {
    try {
      const json = JSON.parse(body.toString('utf8')) as { ReturnConsumedCapacity?: string };
      if (json.ReturnConsumedCapacity === undefined || json.ReturnConsumedCapacity === 'NONE') {
        json.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(json));
      }
    } catch {
      // not JSON: forward as is, DynamoDB Local answers with its own error
    }
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') headers[k] = v;
  headers['content-length'] = body.length;
  // the metered answer is read here: ask for it unencoded
  delete headers['accept-encoding'];
  const up = request(
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent },
    (upRes) => {
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('error', () => res.destroy());
      upRes.on('end', () => {
        const payload = Buffer.concat(chunks);
        if ((upRes.statusCode ?? 500) < 300) {
          try {
            const json = JSON.parse(payload.toString('utf8')) as { ConsumedCapacity?: never };
            meter.dynamo(op, json.ConsumedCapacity, fromFunction);
          } catch {
            // an empty or non-JSON answer bills nothing we can see
          }
        }
        const out: OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers))
          if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') out[k] = v;
        out['content-length'] = payload.length;
        res.writeHead(upRes.statusCode ?? 502, out);
        res.end(payload);
      });
    },
  );
  up.on('error', (err) => {
    if (res.headersSent) return void res.destroy();
    sendJsonError(res, 502, 'ServiceUnavailableException', `upstream 127.0.0.1:${port}: ${err.message}`);
  });
  up.end(body);
}
