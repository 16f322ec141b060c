import { createServer } from 'node:http';
import { sendJsonError } from '../gateway/proxy.ts';
import { guardServer } from '../gateway/request-guard.ts';
import { S3Emulator } from './s3-emulator.ts';
import { S3Store } from './s3-store.ts';

export interface S3Server {
  /** e.g. `http://127.0.0.1:41234`: an S3 client's endpoint (with `forcePathStyle: true`). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * The S3 emulator alone on 127.0.0.1, serving `dir` (`<dir>/<bucket>/<key>`): to read a finished
 * run's objects through the S3 API without starting the whole local stack. Like the gateway it
 * serves only SigV4-signed requests to a loopback Host with no foreign Origin (request-guard.ts).
 * @param port 0: any free port
 */
export async function startS3Server(dir: string, port = 0): Promise<S3Server> {
  const emulator = new S3Emulator(new S3Store(dir));
  const server = createServer((req, res) => {
    emulator.handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJsonError(res, 500, 'InternalError', err instanceof Error ? err.message : String(err));
    });
  });
  let bound = port;
  guardServer(server, () => ({ port: bound, sigv4: true }));
  bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
