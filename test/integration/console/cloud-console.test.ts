import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { createHandler } from '../../../console/api/handler.ts';
import type {
  PipelineDetail,
  PipelineListItem,
  ReplayResult,
  RescaleJob,
} from '../../../console/api/types.ts';
import { CloudBackend } from '../../../console/cloud/cloud-backend.ts';
import type { StagePoint } from '../../../console/metrics/sampler.ts';
import { createSigner } from '../../../console/remote/sign-request.ts';
import { startSigningProxy } from '../../../console/remote/signing-proxy.ts';
import { makeDynamo, makeKinesis, makeLambda } from '../../../functions/aws/clients.ts';
import type { DeadLetter } from '../../../functions/state/dead-letters.ts';
import { synthPipeline } from '../../../infra/synth.ts';
import { type DeployAssemblyResult, deployAssembly } from '../../../localstack/deploy-assembly.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { loadPipeline } from '../../../ops/load-pipeline.ts';
import type { Allowance, RescalePlan } from '../../../ops/rescale/plan.ts';
import { putOnEveryShard } from '../../support/feed-kinesis.ts';
import { startFunctionUrlFront } from '../../support/function-url-front.ts';

/**
 * The cloud console for real: the stack synthesized with `console: { userStreams: 'write' }` is
 * deployed onto the embedded local stack, and its console function (the esbuild bundle of
 * console/cloud/lambda-handler.ts) is invoked through the Lambda emulator with function URL events,
 * over the real AWS SDK. A rescale runs in the function's asynchronous self-invocation, as on AWS.
 * What the local stack cannot show: IAM (the function URL's AWS_IAM check and the role's policy);
 * test/unit/infra/console.test.ts checks the policy, test/unit/console/signing-proxy.test.ts the
 * signature.
 */
const FN = 'sluice-kinesis-tumble-console';
const NAME = 'kinesis-tumble';
let stack: LocalStack;
let work: string;
let spec: PipelineSpec;
let deployed: DeployAssemblyResult;
let clients: {
  dynamo: ReturnType<typeof makeDynamo>;
  kinesis: ReturnType<typeof makeKinesis>;
  lambda: ReturnType<typeof makeLambda>;
};

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}
interface RescaleDry {
  readonly plan: RescalePlan;
  readonly allowance: Allowance;
}

interface UrlAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Invokes the console function with a function URL event (payload format 2.0), as the URL would. */
async function viaUrl<T = ErrorBody>(
  method: string,
  path: string,
  body?: unknown,
): Promise<UrlAnswer & { json: T }> {
  const [rawPath = '/', rawQueryString = ''] = path.split('?');
  const event = {
    version: '2.0',
    rawPath,
    rawQueryString,
    headers: { host: 'abc123.lambda-url.us-east-1.on.aws', 'content-type': 'application/json' },
    requestContext: { http: { method, path: rawPath }, authorizer: { iam: { accessKey: 'AKIDTEST' } } },
    ...(body === undefined ? {} : { body: JSON.stringify(body), isBase64Encoded: false }),
  };
  const res = await clients.lambda.send(
    new InvokeCommand({ FunctionName: FN, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
  );
  const text = new TextDecoder().decode(res.Payload);
  if (res.FunctionError) throw new Error(`the console function failed: ${text}`);
  const answer = JSON.parse(text) as UrlAnswer;
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  return { ...answer, json: json as T };
}

/** Polls until `check` returns a value; the test's timeout bounds it, nothing here is timed. */
async function until<T>(check: () => Promise<T | undefined>, pauseMs = 300): Promise<T> {
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

const click = (page: string) => JSON.stringify({ user_id: 1, page, ts: '2026-01-01T10:00:01Z' });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sluice-cloud-console-'));
  spec = await loadPipeline('examples/kinesis-tumble.sql', 2);
  const synth = await synthPipeline({
    spec,
    outDir: join(work, 'cdk.out'),
    console: { userStreams: 'write' },
    validate: false,
  });
  stack = await startLocalStack({
    port: 0,
    ...(process.env.SLUICE_LOG ? { log: (l: string) => console.error(l) } : {}),
  });
  clients = {
    dynamo: makeDynamo({ endpoint: stack.endpoint }),
    kinesis: makeKinesis({ endpoint: stack.endpoint }),
    lambda: makeLambda({ endpoint: stack.endpoint }),
  };
  for (const [name, shards] of [
    ['clicks', 2],
    ['page-counts', 1],
  ] as const) {
    await clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    await waitUntilStreamExists(
      { client: clients.kinesis, maxWaitTime: 30, minDelay: 1 },
      { StreamName: name },
    );
  }
  deployed = await deployAssembly({ assemblyDir: synth.assemblyDir, endpoint: stack.endpoint });
  // clicks start at 'latest': feed until stage s1 has committed on both shards
  await until(async () => {
    await putOnEveryShard(clients.kinesis, 'clicks', click('home'));
    const cps = await clients.dynamo.send(
      new QueryCommand({
        TableName: `sluice-${NAME}`,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'CP#s1' } },
      }),
    );
    return (cps.Items?.length ?? 0) >= 2 ? true : undefined;
  }, 500);
});

afterAll(async () => {
  await stack?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('the cloud console function on the embedded local stack', () => {
  it('is deployed from the assembly; the function URL itself is reported as not emulated', () => {
    expect(deployed.functions).toContain(FN);
    expect(deployed.report.map((r) => r.type)).toContain('AWS::Lambda::Url');
  });

  it('serves the bundled UI with the security headers', async () => {
    const page = await viaUrl('GET', '/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('app.js');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const js = await viaUrl('GET', '/app.js');
    expect(js.statusCode).toBe(200);
    expect(js.body.length).toBeGreaterThan(1000);
    expect((await viaUrl('GET', '/nope')).statusCode).toBe(404);
  });

  it('lists its one pipeline and shows its stages, shards and checkpoints', async () => {
    const list = await viaUrl<PipelineListItem[]>('GET', '/api/pipelines');
    expect(list.statusCode).toBe(200);
    expect(list.json).toEqual([expect.objectContaining({ name: NAME, stages: 2, state: 'running' })]);
    const detail = await viaUrl<PipelineDetail>('GET', `/api/pipelines/${NAME}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json.stages.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(detail.json.emulatorStats).toBe(false);
    expect(detail.json.metricsNote).toContain('CloudWatch');
    const s1 = detail.json.status?.stages.find((s) => s.id === 's1');
    if (!s1) throw new Error('no status of stage s1');
    expect(s1.openShards).toBe(2);
    expect(s1.in).toBeGreaterThanOrEqual(2);
    expect(s1.shards.every((sh) => sh.epoch > 0)).toBe(true);
    // no timer runs in a function: each poll of the page takes a sample, and rates need two
    await new Promise((r) => setTimeout(r, 1100));
    const metrics = await viaUrl<Record<string, StagePoint[]>>(
      'GET',
      `/api/pipelines/${NAME}/metrics?since=0`,
    );
    expect(metrics.statusCode).toBe(200);
    expect(metrics.json.s1?.length).toBeGreaterThan(0);
    expect(metrics.json.s1?.at(-1)).toEqual(expect.objectContaining({ openShards: 2, concurrency: null }));
    expect((await viaUrl('GET', '/api/pipelines/other')).json.error.code).toBe('PIPELINE_NOT_FOUND');
  });

  it('validates SQL, and refuses Create and Preview (deploys belong to the stack)', async () => {
    const bad = await viaUrl<{ ok: boolean; diagnostics: { line: number }[] }>('POST', '/api/validate', {
      sql: 'SELECT FROM WHERE;',
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json.ok).toBe(false);
    expect(bad.json.diagnostics[0]?.line).toBe(1);
    const create = await viaUrl('POST', '/api/pipelines', { sql: 'SELECT 1', name: 'x' });
    expect(create.statusCode).toBe(501);
    expect(create.json.error.code).toBe('NOT_SUPPORTED');
    const preview = await viaUrl('POST', '/api/previews', { sql: 'SELECT 1' });
    expect(preview.statusCode).toBe(501);
  });

  it('lists dead letters and replays them once', async () => {
    await clients.kinesis.send(
      new PutRecordsCommand({
        StreamName: 'clicks',
        Records: [{ Data: Buffer.from('not json'), PartitionKey: 'bad' }],
      }),
    );
    const letters = await until(async () => {
      const r = await viaUrl<DeadLetter[]>('GET', `/api/pipelines/${NAME}/dead-letters`);
      return r.json.length > 0 ? r.json : undefined;
    }, 500);
    expect(letters[0]).toEqual(expect.objectContaining({ stage: 's1', raw: 'not json' }));
    const first = await viaUrl<ReplayResult>('POST', `/api/pipelines/${NAME}/dead-letters/replay`);
    expect(first.statusCode).toBe(200);
    expect(first.json.replayed).toBe(1);
    const again = await viaUrl<ReplayResult>('POST', `/api/pipelines/${NAME}/dead-letters/replay`);
    // the replayed text is still bad, so it may be dead-lettered anew (a new entry, replayable);
    // the entry replayed above is not sent twice
    const original = letters[0]!.position;
    expect(again.json.skipped).toContainEqual({
      position: original,
      reason: expect.stringMatching(/^already replayed at /),
    });
  });

  it('rescales a stage in an asynchronous job whose progress the page polls', async () => {
    const dry = await viaUrl<RescaleDry>('POST', `/api/pipelines/${NAME}/stages/s1/rescale`, {
      target: 3,
      dryRun: true,
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json.plan).toEqual(expect.objectContaining({ from: 2, to: 3, steps: [3] }));
    expect(dry.json.allowance.remaining).toBe(10);

    const started = await viaUrl<RescaleJob>('POST', `/api/pipelines/${NAME}/stages/s1/rescale`, {
      target: 3,
    });
    expect(started.statusCode).toBe(202);
    const id = started.json.id;
    // one rescale per stream at a time
    const second = await viaUrl('POST', `/api/pipelines/${NAME}/stages/s1/rescale`, { target: 4 });
    expect(second.statusCode).toBe(409);
    // records on the new shards let the stage commit there (a consumed shard has a checkpoint)
    const job = await until(async () => {
      await putOnEveryShard(clients.kinesis, 'clicks', click('rescale'));
      const r = await viaUrl<RescaleJob>('GET', `/api/rescales/${id}`);
      expect(r.statusCode).toBe(200);
      return r.json.finished ? r.json : undefined;
    }, 1000);
    expect(job.error).toBeNull();
    const phases = job.progress.map((p) => p.phase);
    expect(phases[0]).toBe('planned');
    expect(phases).toContain('updating');
    expect(phases.at(-1)).toBe('done');
    const shape = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }));
    expect(shape.StreamDescriptionSummary?.OpenShardCount).toBe(3);
    const log = await clients.dynamo.send(
      new QueryCommand({
        TableName: `sluice-${NAME}`,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'RESCALE' } },
      }),
    );
    expect(log.Items?.map((i) => [i.from?.N, i.to?.N, i.by?.S])).toEqual([['2', '3', 'console']]);
    // the lock is released: the next plan counts the call against the 24-hour allowance
    const next = await viaUrl<RescaleDry>('POST', `/api/pipelines/${NAME}/stages/s1/rescale`, {
      target: 2,
      dryRun: true,
    });
    expect(next.json.allowance.remaining).toBe(9);
    expect((await viaUrl('GET', '/api/rescales/0123456789ab')).statusCode).toBe(404);
  });
});

describe('sluice console --remote in front of the function', () => {
  it('carries a page load and a signed write from the browser side to the function', async () => {
    const creds = { accessKeyId: 'AKIDREMOTE', secretAccessKey: 'remote-secret' };
    const front = await startFunctionUrlFront({
      lambda: clients.lambda,
      functionName: FN,
      creds,
      region: 'us-east-1',
    });
    const proxy = await startSigningProxy({
      target: front.url,
      port: 0,
      token: 'remote-token',
      sign: createSigner({ region: 'us-east-1', credentials: creds }),
    });
    try {
      const page = await fetch(proxy.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('app.js');
      const list = await fetch(new URL('/api/pipelines', proxy.url), {
        headers: { authorization: 'Bearer remote-token' },
      });
      expect(((await list.json()) as PipelineListItem[]).map((p) => p.name)).toEqual([NAME]);
      const dry = await fetch(new URL(`/api/pipelines/${NAME}/stages/s2/rescale`, proxy.url), {
        method: 'POST',
        headers: { authorization: 'Bearer remote-token', 'content-type': 'application/json' },
        body: JSON.stringify({ target: 4, dryRun: true }),
      });
      expect(dry.status).toBe(200);
      expect(((await dry.json()) as RescaleDry).plan.steps).toEqual([4]);
      expect(front.refused()).toBe(0);
    } finally {
      await proxy.stop();
      await front.stop();
    }
  });
});

describe("the cloud backend with userStreams 'read'", () => {
  it("refuses to rescale or replay into the user's own stream, and still rescales its own", async () => {
    const handler = createHandler({
      backend: new CloudBackend({
        spec,
        table: `sluice-${NAME}`,
        userStreams: 'read',
        timeoutMs: 60_000,
        clients,
        startWorker: async () => {
          throw new Error('no worker in this test');
        },
      }),
      token: null,
      baseDir: work,
    });
    const call = (method: string, path: string, body?: unknown) =>
      handler({
        method,
        path,
        query: {},
        headers: {},
        body: body === undefined ? undefined : JSON.stringify(body),
      }) as Promise<{ status: number; body: ErrorBody & RescaleDry & ReplayResult }>;
    const refused = await call('POST', `/api/pipelines/${NAME}/stages/s1/rescale`, { target: 4 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_SUPPORTED');
    expect(refused.body.error.message).toContain('consoleUserStreams=write');
    const own = await call('POST', `/api/pipelines/${NAME}/stages/s2/rescale`, { target: 4, dryRun: true });
    expect(own.status).toBe(200);
    expect(own.body.plan.steps).toEqual([4]);
    const replay = await call('POST', `/api/pipelines/${NAME}/dead-letters/replay`);
    expect(replay.body.replayed).toBe(0);
  });
});
