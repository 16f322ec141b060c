import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { makeDynamo, makeKinesis, makeLambda } from '../../functions/index.ts';
import { createHandler, errorResponse } from '../api/handler.ts';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  functionUrlEventSchema,
  toFunctionUrlHandler,
} from '../server/lambda-adapter.ts';
import { SECURITY_HEADERS } from '../server/security-headers.ts';
import { CloudBackend } from './cloud-backend.ts';
import { loadConsoleConfig } from './cloud-env.ts';
import { RescaleJobStore } from './rescale-job-store.ts';
import { type RescaleWorkerEvent, rescaleWorkerEvent, runRescaleJob } from './rescale-worker.ts';
import { loadStaticUi, type StaticUi } from './static-ui.ts';

/** What the console function is invoked with. */
type ConsoleEvent =
  | { readonly kind: 'http'; readonly event: FunctionUrlEvent }
  | { readonly kind: 'rescale-job'; readonly event: RescaleWorkerEvent }
  | { readonly kind: 'unknown' };

function classify(event: unknown): ConsoleEvent {
  const job = rescaleWorkerEvent.safeParse(event);
  if (job.success) return { kind: 'rescale-job', event: job.data };
  const http = functionUrlEventSchema.safeParse(event);
  if (http.success) return { kind: 'http', event: http.data };
  return { kind: 'unknown' };
}

interface Cold {
  readonly api: (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;
  readonly ui: StaticUi;
  readonly runJob: (jobId: string) => Promise<unknown>;
}

let cold: Cold | undefined;

/** Cold start: config, clients, the backend (its samples live as long as the container). */
function context(): Cold {
  if (cold) return cold;
  const config = loadConsoleConfig(process.env, import.meta.url);
  const clientOpts = config.endpoint ? { endpoint: config.endpoint } : {};
  const clients = {
    dynamo: makeDynamo(clientOpts),
    kinesis: makeKinesis(clientOpts),
    lambda: makeLambda(clientOpts),
  };
  const backend = new CloudBackend({
    spec: config.spec,
    table: config.table,
    userStreams: config.userStreams,
    timeoutMs: config.timeoutMs,
    clients,
    startWorker: async (event) => {
      const res = await clients.lambda.send(
        new InvokeCommand({
          FunctionName: config.functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      if (res.StatusCode !== 202) throw new Error(`asynchronous Invoke answered ${res.StatusCode}`);
    },
  });
  const store = new RescaleJobStore(clients.dynamo, config.table);
  cold = {
    // IAM (the function URL's AuthType AWS_IAM) replaces the bearer token.
    api: toFunctionUrlHandler(createHandler({ backend, token: null, baseDir: tmpdir() })),
    ui: loadStaticUi(dirname(fileURLToPath(import.meta.url))),
    runJob: (jobId) => runRescaleJob({ store, clients, jobId }),
  };
  return cold;
}

const json = (statusCode: number, body: unknown): FunctionUrlResult => ({
  statusCode,
  headers: { ...SECURITY_HEADERS, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The console function: behind its IAM-authenticated function URL it serves the UI and the API
 * (console/api/handler.ts with the cloud backend); invoked asynchronously by itself, it runs a
 * rescale job.
 */
export const handler = async (event: unknown): Promise<FunctionUrlResult | { ok: boolean }> => {
  const e = classify(event);
  let ctx: Cold;
  try {
    ctx = context();
  } catch (err) {
    if (e.kind !== 'http') throw err;
    const r = errorResponse(err);
    return json(r.status, 'body' in r ? r.body : null);
  }
  switch (e.kind) {
    case 'rescale-job':
      await ctx.runJob(e.event.jobId);
      return { ok: true };
    case 'http': {
      const path = e.event.rawPath;
      if (!path.startsWith('/api/')) return ctx.ui(e.event.requestContext.http.method, path);
      const res = await ctx.api(e.event);
      return { ...res, headers: { ...SECURITY_HEADERS, ...res.headers } };
    }
    case 'unknown':
      return json(400, {
        error: { code: 'BAD_REQUEST', message: 'not a function URL request nor a console rescale job' },
      });
    default: {
      const never: never = e;
      throw new Error(`unhandled event ${JSON.stringify(never)}`);
    }
  }
};
