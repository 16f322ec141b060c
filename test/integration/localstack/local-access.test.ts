import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from '../../../console/remote/sign-request.ts';
import { makeDynamo, makeKinesis, makeLambda, makeS3 } from '../../../functions/aws/clients.ts';
import { SHARED_DYNAMODB_ENV } from '../../../localstack/dynamodb/dynamodb-namespace.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { fixtureZip } from './helpers.ts';
import { signedFetch, TEST_CREDENTIALS } from './signed-fetch.ts';

/**
 * What a web page (cross-site request forgery, DNS rebinding) or another host gets from the local
 * stack's servers: every refusal here is one a page could otherwise get past (docs/security.md),
 * and each is paired with the same call succeeding the way the AWS SDK sends it.
 */
let stack: LocalStack;
let port: number;
let health: { kinesis: number; dynamodb: number; dynamodbNamespace: string };

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request with exactly these headers (fetch() would not let a test set Host). */
function raw(
  toPort: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
  host = '127.0.0.1',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: toPort, method, path, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** SigV4 headers for a request to the gateway, signed as if for `hostHeader`. */
async function signedHeaders(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  hostHeader = `127.0.0.1:${port}`,
): Promise<Record<string, string>> {
  const sign = createSigner({ region: 'us-east-1', credentials: TEST_CREDENTIALS, service: 'lambda' });
  return sign({
    method,
    url: new URL(`http://${hostHeader}${path}`),
    headers,
    body: body === '' ? undefined : new TextEncoder().encode(body),
  });
}

const errorType = (a: RawAnswer) => a.headers['x-amzn-errortype'];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  port = Number(new URL(stack.endpoint).port);
  health = (await (await signedFetch(`${stack.endpoint}/_sluice/health`)).json()) as typeof health;
});

afterAll(async () => {
  await stack?.stop();
});

describe('the gateway refuses what only a web page would send', () => {
  it('needs a SigV4 Authorization header on every route, health included', async () => {
    const unsigned = await raw(port, 'GET', '/_sluice/health', {});
    expect(unsigned.status).toBe(403);
    expect(errorType(unsigned)).toBe('MissingAuthenticationToken');
    const bogus = await raw(port, 'GET', '/_sluice/health', { authorization: 'Bearer x' });
    expect(bogus.status).toBe(403);
    expect(errorType(bogus)).toBe('IncompleteSignature');
    expect((await signedFetch(`${stack.endpoint}/_sluice/health`)).status).toBe(200);
    for (const path of ['/2015-03-31/functions', '/some-bucket', '/']) {
      const r = await raw(port, 'GET', path, {});
      expect([path, r.status]).toEqual([path, 403]);
    }
    const ddb = await raw(
      port,
      'POST',
      '/',
      {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'text/plain',
      },
      '{}',
    );
    expect(ddb.status).toBe(403);
  });

  it('refuses a signed request whose Host is not loopback (DNS rebinding)', async () => {
    const host = `rebind.attacker.example:${port}`;
    const headers = await signedHeaders('GET', '/2015-03-31/functions', {}, '', host);
    const r = await raw(port, 'GET', '/2015-03-31/functions', headers);
    expect(r.status).toBe(403);
    expect(errorType(r)).toBe('ForbiddenHost');
    expect(r.body).toContain('rebind.attacker.example');
    // the same request with the gateway's own Host is served
    const ok = await raw(
      port,
      'GET',
      '/2015-03-31/functions',
      await signedHeaders('GET', '/2015-03-31/functions', {}, ''),
    );
    expect(ok.status).toBe(200);
    // and so is localhost, but not another port
    const local = await raw(port, 'GET', '/_sluice/health', {
      ...(await signedHeaders('GET', '/_sluice/health', {}, '', `localhost:${port}`)),
    });
    expect(local.status).toBe(200);
    const otherPort = await raw(port, 'GET', '/_sluice/health', {
      ...(await signedHeaders('GET', '/_sluice/health', {}, '', `127.0.0.1:${port + 1}`)),
    });
    expect(errorType(otherPort)).toBe('ForbiddenHost');
  });

  it('refuses a foreign Origin, even on a signed request', async () => {
    const headers = await signedHeaders('GET', '/2015-03-31/functions', {}, '');
    const r = await raw(port, 'GET', '/2015-03-31/functions', { ...headers, origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(errorType(r)).toBe('ForbiddenOrigin');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw(port, 'OPTIONS', '/2015-03-31/functions', {
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reads a Lambda API JSON body only when it is sent as application/json', async () => {
    const create = (name: string) =>
      JSON.stringify({
        FunctionName: name,
        Runtime: 'nodejs22.x',
        Role: 'arn:aws:iam::000000000000:role/test',
        Handler: 'index.handler',
        Code: { ZipFile: Buffer.from(fixtureZip()).toString('base64') },
      });
    const path = '/2015-03-31/functions';
    const asText = create('page-fn');
    const textHeaders = await signedHeaders('POST', path, { 'content-type': 'text/plain' }, asText);
    const refused = await raw(port, 'POST', path, textHeaders, asText);
    expect(refused.status).toBe(415);
    expect(errorType(refused)).toBe('UnsupportedMediaTypeException');
    const asJson = create('json-fn');
    const ok = await raw(
      port,
      'POST',
      path,
      await signedHeaders('POST', path, { 'content-type': 'application/json' }, asJson),
      asJson,
    );
    expect(ok.status).toBe(201);
    const names = (
      await makeLambda({ endpoint: stack.endpoint }).send(new ListFunctionsCommand({}))
    ).Functions?.map((f) => f.FunctionName);
    expect(names).toContain('json-fn');
    expect(names).not.toContain('page-fn');
  });

  it('still serves every service to the AWS SDK', async () => {
    const ddb = makeDynamo({ endpoint: stack.endpoint });
    const s3 = makeS3({ endpoint: stack.endpoint });
    const kinesis = makeKinesis({ endpoint: stack.endpoint });
    try {
      await ddb.send(
        new CreateTableCommand({
          TableName: 'sluice-access',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      expect((await ddb.send(new ListTablesCommand({}))).TableNames).toContain('sluice-access');
      await s3.send(new CreateBucketCommand({ Bucket: 'access-bucket' }));
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'access-bucket' }))).KeyCount ?? 0).toBe(0);
      expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual([]);
    } finally {
      ddb.destroy();
      s3.destroy();
      kinesis.destroy();
    }
  });
});

describe('the servers behind the gateway', () => {
  it('kinesalite refuses any Origin and a foreign Host (it answers CORS with * by itself)', async () => {
    const body = '{}';
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Kinesis_20131202.ListStreams',
      authorization: `AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      'x-amz-date': '20240101T000000Z',
    };
    const ok = await raw(health.kinesis, 'POST', '/', headers, body);
    expect(ok.status).toBe(200);
    const withOrigin = await raw(
      health.kinesis,
      'POST',
      '/',
      { ...headers, origin: 'https://evil.example' },
      body,
    );
    expect(withOrigin.status).toBe(403);
    expect(withOrigin.headers['access-control-allow-origin']).toBeUndefined();
    const rebound = await raw(
      health.kinesis,
      'POST',
      '/',
      { ...headers, host: `evil.example:${health.kinesis}` },
      body,
    );
    expect(rebound.status).toBe(403);
  });
});

/** The machine's own non-loopback addresses (another host would connect to one of these). */
const ownAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);

describe('a stack with a DynamoDB Local of its own (as `sluice run` starts it)', () => {
  let own: LocalStack;
  let ddbPort: number;
  beforeAll(async () => {
    const shared = process.env[SHARED_DYNAMODB_ENV];
    delete process.env[SHARED_DYNAMODB_ENV];
    try {
      own = await startLocalStack({ port: 0, lambda: false });
    } finally {
      if (shared !== undefined) process.env[SHARED_DYNAMODB_ENV] = shared;
    }
    const h = (await (await signedFetch(`${own.endpoint}/_sluice/health`)).json()) as typeof health;
    ddbPort = h.dynamodb;
  });
  afterAll(async () => {
    await own?.stop();
  });

  it("shows a caller that skips the gateway none of the stack's tables", async () => {
    const viaGateway = makeDynamo({ endpoint: own.endpoint });
    const direct = makeDynamo({ endpoint: `http://127.0.0.1:${ddbPort}` });
    try {
      await viaGateway.send(
        new CreateTableCommand({
          TableName: 'sluice-state',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      expect((await viaGateway.send(new ListTablesCommand({}))).TableNames).toEqual(['sluice-state']);
      expect((await direct.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      viaGateway.destroy();
      direct.destroy();
    }
  });

  it.runIf(ownAddresses().length > 0)("is not reachable on the machine's other addresses", async () => {
    const address = ownAddresses()[0]!;
    const err = await raw(
      ddbPort,
      'POST',
      '/',
      { 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      '{}',
      address,
    ).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('ECONNREFUSED');
    // while it answers on loopback
    const ok = await raw(
      ddbPort,
      'POST',
      '/',
      {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-date': '20240101T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=k/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      '{}',
    );
    expect(ok.status).toBe(200);
  });

  it("grants no page's CORS preflight (a regression guard: this jar grants none even with -cors '*')", async () => {
    const preflight = await raw(ddbPort, 'OPTIONS', '/', {
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'x-amz-target,authorization,content-type',
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
