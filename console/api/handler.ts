import type { z } from 'zod';
import { compile, isPreviewSink, SqlError } from '../../compiler/index.ts';
import { RegistryError, RescaleError } from '../../ops/index.ts';
import { ConsoleError } from '../errors.ts';
import { checkBearer } from './auth.ts';
import { createBody, previewBody, rescaleBody, sinceQuery, validateBody } from './schemas.ts';
import type { ApiRequest, ApiResponse, ConsoleBackend } from './types.ts';

export interface HandlerOptions {
  readonly backend: ConsoleBackend;
  /** Bearer token every /api route but /api/health needs; null when the platform authenticates (IAM). */
  readonly token: string | null;
  /** Folder that relative `path` options in SQL resolve against. @default process.cwd() */
  readonly baseDir?: string;
}

type Params = Record<string, string>;
type Route = {
  readonly method: string;
  readonly pattern: RegExp;
  readonly keys: readonly string[];
  readonly run: (req: ApiRequest, p: Params) => Promise<ApiResponse>;
};

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });

function route(method: string, path: string, run: Route['run']): Route {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([a-z]+)/g, (_, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}$`,
  );
  return { method, pattern, keys, run };
}

function parseJson<T extends z.ZodType>(schema: T, body: string | undefined): z.infer<T> {
  let json: unknown;
  try {
    json = body === undefined || body === '' ? {} : JSON.parse(body);
  } catch {
    throw new ConsoleError('BAD_REQUEST', 400, 'request body is not JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    throw new ConsoleError(
      'BAD_REQUEST',
      400,
      r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return r.data;
}

/** Compiles SQL for Validate: diagnostics with line:column, or the plan's stages. */
export function validateSql(sql: string, baseDir: string = process.cwd()) {
  try {
    const spec = compile(sql, { name: 'validate', baseDir });
    return {
      ok: true as const,
      diagnostics: [],
      stages: spec.stages.map((s) => ({ id: s.id, label: s.label })),
      preview: spec.stages.some((s) => s.output.kind === 'sink' && isPreviewSink(s.output.sink)),
    };
  } catch (err) {
    if (err instanceof SqlError) return { ok: false as const, code: err.code, diagnostics: err.diagnostics };
    throw err;
  }
}

/**
 * The console API as one pure function of a request. Node's http server (`sluice dev`) and a
 * Lambda function URL adapter both call it; neither knows the routes.
 */
export function createHandler(opts: HandlerOptions): (req: ApiRequest) => Promise<ApiResponse> {
  const b = opts.backend;
  const routes: Route[] = [
    route('GET', '/api/pipelines', async () => ok(await b.listPipelines())),
    route('POST', '/api/pipelines', async (req) =>
      ok(await b.createPipeline(parseJson(createBody, req.body)), 201),
    ),
    route('GET', '/api/pipelines/:name', async (_r, p) => ok(await b.pipeline(p.name ?? ''))),
    route('GET', '/api/pipelines/:name/metrics', async (req, p) => {
      const q = sinceQuery.safeParse(req.query);
      if (!q.success) throw new ConsoleError('BAD_REQUEST', 400, 'since must be a number (ms)');
      return ok(await b.metrics(p.name ?? '', q.data.since));
    }),
    route('GET', '/api/pipelines/:name/dead-letters', async (_r, p) => ok(await b.deadLetters(p.name ?? ''))),
    route('POST', '/api/pipelines/:name/dead-letters/replay', async (_r, p) =>
      ok(await b.replayDeadLetters(p.name ?? '')),
    ),
    route('POST', '/api/pipelines/:name/stages/:stage/rescale', async (req, p) => {
      const body = parseJson(rescaleBody, req.body);
      if (body.dryRun) return ok(await b.planRescale(p.name ?? '', p.stage ?? '', body.target));
      return ok(await b.startRescale(p.name ?? '', p.stage ?? '', body.target), 202);
    }),
    route('GET', '/api/rescales/:id', async (_r, p) => ok(await b.rescaleJob(p.id ?? ''))),
    route('POST', '/api/validate', async (req) =>
      ok(validateSql(parseJson(validateBody, req.body).sql, opts.baseDir)),
    ),
    route('POST', '/api/previews', async (req) =>
      ok(await b.startPreview(parseJson(previewBody, req.body).sql), 201),
    ),
    route('GET', '/api/previews/:id/events', async (_r, p) => ({
      status: 200,
      events: b.previewEvents(p.id ?? ''),
    })),
    route('DELETE', '/api/previews/:id', async (_r, p) => {
      await b.stopPreview(p.id ?? '');
      return ok({ stopped: true });
    }),
  ];

  return async (req) => {
    try {
      if (req.method === 'GET' && req.path === '/api/health') return ok({ ok: true });
      if (opts.token !== null) checkBearer(req.headers.authorization, opts.token);
      let pathMatched = false;
      for (const r of routes) {
        const m = r.pattern.exec(req.path);
        if (!m) continue;
        pathMatched = true;
        if (r.method !== req.method) continue;
        const params: Params = {};
        r.keys.forEach((k, i) => {
          params[k] = decodeURIComponent(m[i + 1] ?? '');
        });
        return await r.run(req, params);
      }
      throw pathMatched
        ? new ConsoleError('BAD_REQUEST', 405, `method ${req.method} not allowed on ${req.path}`)
        : new ConsoleError('NOT_FOUND', 404, `no route ${req.method} ${req.path}`);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): ApiResponse {
  if (err instanceof ConsoleError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, details: err.details } },
    };
  }
  if (err instanceof SqlError) {
    return {
      status: 400,
      body: { error: { code: err.code, message: err.message, diagnostics: err.diagnostics } },
    };
  }
  if (err instanceof RegistryError) {
    return { status: 404, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof RescaleError) {
    const status = err.code === 'RESCALE_LIMIT' ? 429 : err.code === 'RESCALE_FAILED' ? 502 : 400;
    return { status, body: { error: { code: err.code, message: err.message } } };
  }
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  return { status: 500, body: { error: { code, message: String(e.message ?? err) } } };
}
