import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type GatewayFaultInjector, requestInfo } from '../gateway/gateway-faults.ts';
import { proxy, readBody, sendJsonError } from '../gateway/proxy.ts';
import { KinesisApiError, type KinesisRawClient } from './kinesis-raw-client.ts';
import { putRecordsWithFailures } from './put-records-faults.ts';
import { streamNameFromArn } from './shards.ts';
import { updateShardCount } from './update-shard-count.ts';

const STREAM_ARN = Buffer.from('"StreamARN"');

const UpdateShardCountBody = z.object({
  StreamName: z.string().min(1),
  TargetShardCount: z.number().int(),
  ScalingType: z.string(),
});

/**
 * The Kinesis side of the gateway. Passes requests to kinesalite, adding what it lacks:
 * StreamARN-only addressing (rewritten to StreamName) and UpdateShardCount. Only awsJson1_1
 * bodies are rewritten; CBOR passes through untouched (the v3 SDK sends JSON).
 */
export class KinesisGateway {
  readonly #port: number;
  readonly #agent: Agent;
  readonly #client: KinesisRawClient;
  readonly #faults: GatewayFaultInjector | undefined;

  constructor(port: number, agent: Agent, client: KinesisRawClient, faults?: GatewayFaultInjector) {
    this.#port = port;
    this.#agent = agent;
    this.#client = client;
    this.#faults = faults;
  }

  async handle(req: IncomingMessage, res: ServerResponse, operation: string): Promise<void> {
    const isJson = (req.headers['content-type'] ?? '').includes('json');
    const body = await readBody(req);
    if (!isJson) return proxy(req, res, this.#port, this.#agent, body);
    const chaos = operation === 'PutRecords' && this.#faults !== undefined;
    if (!chaos && operation !== 'UpdateShardCount' && body.indexOf(STREAM_ARN) < 0) {
      return proxy(req, res, this.#port, this.#agent, body);
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendJsonError(res, 400, 'SerializationException', 'request body is not JSON');
    }
    if (typeof data.StreamARN === 'string') {
      const name = streamNameFromArn(data.StreamARN);
      if (!name)
        return sendJsonError(res, 400, 'InvalidArgumentException', `invalid StreamARN ${data.StreamARN}`);
      if (data.StreamName !== undefined && data.StreamName !== name) {
        return sendJsonError(
          res,
          400,
          'InvalidArgumentException',
          'StreamName and StreamARN name different streams',
        );
      }
      data.StreamName = name;
      delete data.StreamARN;
    }
    if (operation === 'UpdateShardCount') return this.#updateShardCount(res, data);
    if (chaos) return this.#putRecords(req, res, data);
    return proxy(req, res, this.#port, this.#agent, Buffer.from(JSON.stringify(data)));
  }

  /** PutRecords under fault injection: a seeded subset of the entries fails (`--chaos`). */
  async #putRecords(req: IncomingMessage, res: ServerResponse, data: Record<string, unknown>): Promise<void> {
    const stream = typeof data.StreamName === 'string' ? data.StreamName : '';
    const records = Array.isArray(data.Records) ? (data.Records as unknown[]) : [];
    const failing = this.#faults?.putRecords(stream, records.length, requestInfo(req.headers));
    if (!failing || failing.size === 0 || records.length === 0) {
      return proxy(req, res, this.#port, this.#agent, Buffer.from(JSON.stringify(data)));
    }
    await respond(res, () =>
      putRecordsWithFailures(this.#client, { ...data, StreamName: stream, Records: records }, failing),
    );
  }

  async #updateShardCount(res: ServerResponse, data: Record<string, unknown>): Promise<void> {
    const parsed = UpdateShardCountBody.safeParse(data);
    if (!parsed.success) return sendJsonError(res, 400, 'ValidationException', parsed.error.message);
    const { StreamName, TargetShardCount, ScalingType } = parsed.data;
    await respond(res, () => updateShardCount(this.#client, StreamName, TargetShardCount, ScalingType));
  }
}

/** Answers with `work`'s result as Kinesis JSON, or with its error as a Kinesis error. */
async function respond(res: ServerResponse, work: () => Promise<unknown>): Promise<void> {
  try {
    const payload = JSON.stringify(await work());
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  } catch (err) {
    if (err instanceof KinesisApiError) return sendJsonError(res, err.statusCode, err.code, err.message);
    sendJsonError(res, 500, 'InternalFailure', err instanceof Error ? err.message : String(err));
  }
}
