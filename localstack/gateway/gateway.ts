import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { withNamespace } from '../dynamodb/dynamodb-namespace.ts';
import { PortInUseError } from '../errors.ts';
import type { KinesisGateway } from '../kinesis/kinesis-gateway.ts';
import type { UsageMeter } from '../usage-meter.ts';
import { proxyMeteredDynamo } from './dynamo-meter.ts';
import { type GatewayFaultInjector, requestInfo } from './gateway-faults.ts';
import { newAgent, proxy, sendJsonError } from './proxy.ts';
import { refusal, sendRefusal } from './request-guard.ts';

export interface RestHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface GatewayOptions {
  readonly port: number;
  readonly dynamoPort: number;
  readonly kinesis: KinesisGateway;
  readonly lambda: RestHandler | undefined;
  /** S3, path-style: every other path (`/<bucket>/<key>`). @default none (404) */
  readonly s3?: RestHandler;
  readonly health: () => object;
  readonly log: (line: string) => void;
  /** Fault injection for DynamoDB calls (`--chaos`). @default none */
  readonly faults?: GatewayFaultInjector;
  /**
   * Forward DynamoDB calls signed with this access key (a shared DynamoDB Local's namespace,
   * dynamodb-namespace.ts). @default the caller's own
   */
  readonly dynamoNamespace?: string;
  /** Counts DynamoDB's consumed capacity of every call (usage-meter.ts). @default none */
  readonly meter?: UsageMeter;
}

export interface Gateway {
  readonly port: number;
  stop(): Promise<void>;
}

const LAMBDA_PREFIX = '/2015-03-31/';
const DYNAMO = 'DynamoDB_20120810.';
const KINESIS = 'Kinesis_20131202.';

/**
 * The one endpoint. Every request, on every route, must come from a loopback Host with no foreign
 * Origin and carry a SigV4 Authorization header (request-guard.ts); anything else gets a 403.
 * Routes by `X-Amz-Target` (DynamoDB → DynamoDB Local, streamed; Kinesis →
 * KinesisGateway) and by path (`/2015-03-31/…` → the Lambda emulator; `GET /_sluice/health`; any
 * other path → the S3 emulator, path-style `/<bucket>/<key>`).
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const agent = newAgent();
  let boundPort = opts.port;
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const refused = refusal(req.headers, { port: boundPort, sigv4: true });
    if (refused) {
      opts.log(`[gateway] 403 ${req.method} ${req.url}: ${refused.message}`);
      sendRefusal(req, res, refused);
      return;
    }
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      if (target.startsWith(DYNAMO)) {
        const fault = opts.faults?.dynamo(target.slice(DYNAMO.length), requestInfo(req.headers));
        if (fault) {
          req.resume();
          sendJsonError(res, 400, fault.type, fault.message);
          return;
        }
        const auth = req.headers.authorization;
        if (opts.dynamoNamespace !== undefined && auth !== undefined)
          req.headers.authorization = withNamespace(auth, opts.dynamoNamespace);
        if (opts.meter)
          proxyMeteredDynamo(req, res, opts.dynamoPort, agent, target.slice(DYNAMO.length), opts.meter).catch(
            (err: unknown) => fail(res, err),
          );
        else proxy(req, res, opts.dynamoPort, agent);
        return;
      }
      if (target.startsWith(KINESIS)) {
        opts.kinesis.handle(req, res, target.slice(KINESIS.length)).catch((err: unknown) => fail(res, err));
        return;
      }
      req.resume();
      sendJsonError(res, 400, 'UnknownOperationException', `unknown X-Amz-Target ${target}`);
      return;
    }
    const url = req.url ?? '/';
    if (url.startsWith(LAMBDA_PREFIX)) {
      if (!opts.lambda) {
        req.resume();
        sendJsonError(res, 501, 'ServiceException', 'the Lambda emulator is disabled');
        return;
      }
      opts.lambda.handle(req, res).catch((err: unknown) => fail(res, err));
      return;
    }
    if (req.method === 'GET' && url.split('?')[0] === '/_sluice/health') {
      const payload = JSON.stringify(opts.health());
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
      res.end(payload);
      return;
    }
    if (opts.s3) {
      opts.s3.handle(req, res).catch((err: unknown) => fail(res, err));
      return;
    }
    req.resume();
    sendJsonError(res, 404, 'UnknownOperationException', `no route for ${req.method} ${url}`);
  };
  const fail = (res: ServerResponse, err: unknown) => {
    opts.log(`[gateway] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (res.headersSent) return void res.destroy();
    sendJsonError(res, 500, 'InternalFailure', err instanceof Error ? err.message : String(err));
  };

  const server: Server = createServer({ keepAlive: true, noDelay: true }, route);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(opts.port) : err),
    );
    server.listen(opts.port, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : opts.port);
    });
  });
  boundPort = port;
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
}
