import { Agent, request } from 'node:http';
import { LocalStackError } from '../errors.ts';

/** An error answer from kinesalite; `code` is the AWS error type, e.g. `ResourceInUseException`. */
export class KinesisApiError extends LocalStackError {
  readonly statusCode: number;
  constructor(type: string, message: string, statusCode: number) {
    super(type, message);
    this.statusCode = statusCode;
  }
}

const FAKE_AUTH =
  'AWS4-HMAC-SHA256 Credential=sluice/20240101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0';

/**
 * A minimal awsJson1_1 client for the in-process kinesalite: no signing, no retries, keep-alive.
 * Used by the gateway (UpdateShardCount) and the ESM pollers, where the SDK's overhead would show.
 */
export class KinesisRawClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });
  readonly #port: number;

  constructor(port: number) {
    this.#port = port;
  }

  call<T>(operation: string, body: object): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method: 'POST',
          path: '/',
          agent: this.#agent,
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'content-length': payload.length,
            'x-amz-target': `Kinesis_20131202.${operation}`,
            'x-amz-date': '20240101T000000Z',
            authorization: FAKE_AUTH,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300 && parsed !== undefined) return resolve(parsed as T);
            const err = (parsed ?? {}) as { __type?: string; message?: string };
            const type = (err.__type ?? 'InternalFailure').split('#').pop() ?? 'InternalFailure';
            reject(
              new KinesisApiError(
                type,
                err.message ?? `${operation} failed with HTTP ${status}: ${text}`,
                status,
              ),
            );
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
