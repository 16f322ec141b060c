import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamo, makeLambda, makeS3 } from '../../functions/aws/clients.ts';
import { SHARED_DYNAMODB_ENV } from '../../localstack/dynamodb/dynamodb-namespace.ts';
import { type LocalStack, startLocalStack } from '../../localstack/index.ts';
import { signedFetch } from '../integration/localstack/signed-fetch.ts';
import { launchChromium } from './chromium.ts';

/**
 * A web page in the user's browser against a running local stack (issue 10): a page from another
 * origin tries cross-site requests a page can send without a CORS preflight (a text/plain
 * CreateFunction whose code writes a file, an Invoke, a text/plain form post), and a page whose
 * host name rebinds to 127.0.0.1 tries to read the functions, tables and objects same-origin.
 * Each is refused, while the same calls through the AWS SDK in Node succeed.
 */
const REBIND = 'rebind.attacker.example';
/** The handler a page would upload: it writes `<MARKER_DIR>/<event.by>.txt`, proving it ran. */
const PAGE_CODE = `import { writeFileSync } from 'node:fs';
export async function handler(event) {
  writeFileSync(process.env.MARKER_DIR + '/' + (event.by ?? 'unknown') + '.txt', 'ran');
  return { ran: true };
}`;

let stack: LocalStack;
let gw: number;
let ddbPort: number;
let dir: string;
let attacker: Server;
let attackerOrigin: string;
let browser: Browser;
let page: Page;
const zipB64 = Buffer.from(zipSync({ 'index.mjs': new TextEncoder().encode(PAGE_CODE) })).toString('base64');

const createBody = (name: string) =>
  JSON.stringify({
    FunctionName: name,
    Runtime: 'nodejs22.x',
    Role: 'arn:aws:iam::000000000000:role/page',
    Handler: 'index.handler',
    Code: { ZipFile: zipB64 },
    Environment: { Variables: { MARKER_DIR: dir } },
  });

const functionNames = async () =>
  ((await makeLambda({ endpoint: stack.endpoint }).send(new ListFunctionsCommand({}))).Functions ?? []).map(
    (f) => f.FunctionName,
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-page-'));
  // a DynamoDB Local of the stack's own, as `sluice run` starts it (not the test run's shared one)
  const shared = process.env[SHARED_DYNAMODB_ENV];
  delete process.env[SHARED_DYNAMODB_ENV];
  try {
    stack = await startLocalStack({ port: 0 });
  } finally {
    if (shared !== undefined) process.env[SHARED_DYNAMODB_ENV] = shared;
  }
  gw = Number(new URL(stack.endpoint).port);
  ddbPort = ((await (await signedFetch(`${stack.endpoint}/_sluice/health`)).json()) as { dynamodb: number })
    .dynamodb;
  // what the user has: a function, a table, an object, all made through the SDK
  const lambda = makeLambda({ endpoint: stack.endpoint });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'user-fn',
      Runtime: 'nodejs22.x',
      Role: 'arn:aws:iam::000000000000:role/user',
      Handler: 'index.handler',
      Code: { ZipFile: Buffer.from(zipB64, 'base64') },
      Environment: { Variables: { MARKER_DIR: dir } },
    }),
  );
  await makeDynamo({ endpoint: stack.endpoint }).send(
    new CreateTableCommand({
      TableName: 'user-state',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const s3 = makeS3({ endpoint: stack.endpoint });
  await s3.send(new CreateBucketCommand({ Bucket: 'user-bucket' }));
  await s3.send(new PutObjectCommand({ Bucket: 'user-bucket', Key: 'secret.txt', Body: 'user data' }));

  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title><iframe name="sink"></iframe>');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  const addr = attacker.address();
  attackerOrigin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // The rebinding host resolves to 127.0.0.1, as an attacker's DNS answers after the page loaded;
  // the browser's own local-network checks are off, so only sluice's servers stand in the way
  // (as in browsers that have none).
  browser = await launchChromium([
    `--host-resolver-rules=MAP ${REBIND} 127.0.0.1`,
    '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests',
  ]);
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (attacker ? attacker.close(() => r()) : r()));
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `fn` in a page at `origin`; the document is served by the attacker, whatever the host. */
async function inPageAt<T, A>(origin: string, fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
  await page.route(`${origin}/evil.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><iframe name="sink"></iframe>' }),
  );
  await page.goto(`${origin}/evil.html`);
  return page.evaluate(fn as (arg: unknown) => Promise<T>, arg as unknown);
}

describe('a page from another origin (cross-site requests)', () => {
  it('cannot create or invoke a function with text/plain posts, nor read anything', async () => {
    await page.goto(`${attackerOrigin}/`);
    const results = await page.evaluate(
      async ({ gateway, ddb, body }) => {
        const attempt = async (url: string, init: RequestInit) => {
          try {
            const r = await fetch(url, init);
            return `read ${r.status}: ${await r.text()}`;
          } catch (e) {
            return `blocked: ${(e as Error).name}`;
          }
        };
        const sent = async (url: string, init: RequestInit) => {
          await fetch(url, { ...init, mode: 'no-cors' }); // resolves once the answer arrived
        };
        await sent(`${gateway}/2015-03-31/functions`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body,
        });
        await sent(`${gateway}/2015-03-31/functions/page-fn/invocations`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{"by":"page-created"}',
        });
        await sent(`${gateway}/2015-03-31/functions/user-fn/invocations`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{"by":"page"}',
        });
        return {
          list: await attempt(`${gateway}/2015-03-31/functions`, {}),
          tables: await attempt(`${gateway}/`, {
            method: 'POST',
            headers: {
              'x-amz-target': 'DynamoDB_20120810.ListTables',
              'content-type': 'application/x-amz-json-1.0',
            },
            body: '{}',
          }),
          tablesDirect: await attempt(`${ddb}/`, {
            method: 'POST',
            headers: {
              'x-amz-target': 'DynamoDB_20120810.ListTables',
              'content-type': 'application/x-amz-json-1.0',
            },
            body: '{}',
          }),
          objects: await attempt(`${gateway}/user-bucket`, {}),
        };
      },
      { gateway: stack.endpoint, ddb: `http://127.0.0.1:${ddbPort}`, body: createBody('page-fn') },
    );
    expect(results).toEqual({
      list: 'blocked: TypeError',
      tables: 'blocked: TypeError',
      tablesDirect: 'blocked: TypeError',
      objects: 'blocked: TypeError',
    });
    expect(await functionNames()).toEqual(['user-fn']);
    expect(existsSync(join(dir, 'page.txt'))).toBe(false);
    expect(existsSync(join(dir, 'page-created.txt'))).toBe(false);
  });

  it('cannot create a function with a text/plain form post', async () => {
    await page.goto(`${attackerOrigin}/`);
    // enctype text/plain sends `name=value`: a JSON body whose last string swallows the `=`
    const body = createBody('form-fn');
    const name = `${body.slice(0, -1)},"pad":"`;
    await page.evaluate(
      ({ action, name }) =>
        new Promise<void>((resolve) => {
          const form = document.createElement('form');
          form.method = 'POST';
          form.enctype = 'text/plain';
          form.action = action;
          form.target = 'sink';
          const input = document.createElement('input');
          input.name = name;
          input.value = '"}';
          form.append(input);
          document.body.append(form);
          document.querySelector('iframe')?.addEventListener('load', () => resolve(), { once: true });
          form.submit();
        }),
      { action: `${stack.endpoint}/2015-03-31/functions`, name },
    );
    expect(await functionNames()).toEqual(['user-fn']);
  });
});

describe('a page whose host name rebinds to 127.0.0.1 (DNS rebinding: same-origin reads)', () => {
  const read = (url: string, init: RequestInit) =>
    inPageAt(
      new URL(url).origin,
      async ({ path, init }) => {
        const r = await fetch(path, init);
        return { status: r.status, text: await r.text() };
      },
      { path: new URL(url).pathname, init },
    );

  it('gets 403 from the gateway for functions, tables and objects', async () => {
    const origin = `http://${REBIND}:${gw}`;
    const list = await read(`${origin}/2015-03-31/functions`, {});
    expect(list.status).toBe(403);
    expect(list.text).not.toContain('user-fn');
    const tables = await read(`${origin}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(tables.status).toBe(403);
    expect(tables.text).not.toContain('user-state');
    const objects = await read(`${origin}/user-bucket`, {});
    expect(objects.status).toBe(403);
    expect(objects.text).not.toContain('secret.txt');
    const create = await read(`${origin}/2015-03-31/functions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: createBody('rebind-fn'),
    });
    expect(create.status).toBe(403);
    expect(await functionNames()).toEqual(['user-fn']);
  });

  it("reads nothing of the stack's from DynamoDB Local's own port", async () => {
    const tables = await read(`http://${REBIND}:${ddbPort}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'application/x-amz-json-1.0',
        authorization: `AWS4-HMAC-SHA256 Credential=guess/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      body: '{}',
    });
    expect(tables.text).not.toContain('user-state');
  });
});

describe('the AWS SDK in Node (the same calls succeed)', () => {
  it('lists, invokes and reads', async () => {
    expect(await functionNames()).toContain('user-fn');
    const out = await makeLambda({ endpoint: stack.endpoint }).send(
      new InvokeCommand({ FunctionName: 'user-fn', Payload: new TextEncoder().encode('{"by":"node"}') }),
    );
    expect(out.FunctionError).toBeUndefined();
    expect(existsSync(join(dir, 'node.txt'))).toBe(true);
    expect(
      (await makeDynamo({ endpoint: stack.endpoint }).send(new ListTablesCommand({}))).TableNames,
    ).toEqual(['user-state']);
    const objects = await makeS3({ endpoint: stack.endpoint }).send(
      new ListObjectsV2Command({ Bucket: 'user-bucket' }),
    );
    expect(objects.Contents?.map((o) => o.Key)).toEqual(['secret.txt']);
  });
});
