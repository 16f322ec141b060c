import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { statusCommand } from '../../../cli/commands/status.ts';
import { startDevStack } from '../../../console/local/start-dev-stack.ts';
import { type RunningConsole, startConsole } from '../../../console/start-console.ts';
import { listCheckpoints } from '../../../functions/state/checkpoint-store.ts';
import type { LocalStack } from '../../../localstack/index.ts';
import { recordRescaleCall } from '../../../ops/rescale/rescale-log.ts';
import { repoRoot } from '../../support/run-sluice.ts';

const INPUT = join(repoRoot, 'test/queries/inputs/orders.jsonl');
const sqlFor = (sink: string) => `
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = '${INPUT}', format = 'json', type = 'source', bad_data = 'drop');
CREATE TABLE totals WITH (connector = 'single_file', path = '${sink}', format = 'json', type = 'sink');
INSERT INTO totals
SELECT window.start AS window_start, region, count(*) AS n, sum(amount) AS total
FROM orders GROUP BY tumble(interval '1 minute') AS window, region;
`;

let stack: LocalStack;
let consoleApp: RunningConsole;
let dir: string;

async function api(method: string, path: string, body?: unknown, token: string | null = consoleApp.token) {
  const res = await fetch(new URL(path, consoleApp.server.url), {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { code: string } },
  };
}

/** Polls until `check` returns a value; the test's timeout bounds it, nothing here is timed. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-console-test-'));
  const dev = await startDevStack({ port: 0, dataDir: dir, onStep: () => {} });
  stack = dev.stack;
  consoleApp = await startConsole({
    port: 0,
    endpoint: stack.endpoint,
    emulator: stack.lambda,
    timer: dev.timer,
    workDir: dir,
    baseDir: dir,
  });
});

afterAll(async () => {
  await consoleApp?.stop();
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('console API: authentication', () => {
  it('refuses a mutating action without the token (401) or with a wrong one (403)', async () => {
    const sql = sqlFor(join(dir, 'never.jsonl'));
    const none = await api('POST', '/api/pipelines', { sql, name: 'nope' }, null);
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('UNAUTHORIZED');
    const wrong = await api('POST', '/api/pipelines/x/stages/s1/rescale', { target: 2 }, 'not-the-token');
    expect(wrong.status).toBe(403);
    for (const [method, path] of [
      ['POST', '/api/previews'],
      ['POST', '/api/validate'],
      ['POST', '/api/pipelines/x/dead-letters/replay'],
    ] as const) {
      expect((await api(method, path, { sql }, null)).status).toBe(401);
    }
    expect((await api('GET', '/api/pipelines', undefined, null)).status).toBe(401);
    expect((await api('GET', '/api/pipelines')).body).toEqual([]);
  });

  it('refuses requests for another Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: consoleApp.server.port,
          path: '/api/health',
          headers: { host: 'evil.example:80' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('console API: validate', () => {
  it('returns the compiler diagnostics at line:column', async () => {
    const r = await api('POST', '/api/validate', {
      sql: "CREATE TABLE t (a BIGINT) WITH (connector = 'single_file', path = 'x', format = 'json', type = 'source');\nSELECT b\n  FROM t;",
    });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    const [d] = r.body.diagnostics as { line: number; column: number; message: string }[];
    expect(d).toMatchObject({ line: 2, column: 8 });
    expect(d?.message).toMatch(/b/);
  });

  it('accepts a valid query and lists its stages', async () => {
    const r = await api('POST', '/api/validate', { sql: sqlFor(join(dir, 'v.jsonl')) });
    expect(r.body).toMatchObject({ ok: true, diagnostics: [] });
    expect((r.body.stages as unknown[]).length).toBe(2);
  });
});

describe('console API: a pipeline created from SQL', () => {
  it('runs; its status numbers match the checkpoints; sluice status prints the same', async () => {
    const created = await api('POST', '/api/pipelines', {
      sql: sqlFor(join(dir, 'totals.jsonl')),
      name: 'totals',
      parallelism: 2,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const dup = await api('POST', '/api/pipelines', { sql: sqlFor(join(dir, 't2.jsonl')), name: 'totals' });
    expect(dup.status).toBe(409);
    type Detail = {
      status: {
        state: string;
        stages: {
          id: string;
          in: number;
          out: number;
          openShards: number;
          shards: { shardId: string; epoch: number; in: number }[];
        }[];
      };
    };
    const detail = await until(async () => {
      const d = (await api('GET', '/api/pipelines/totals')).body as unknown as Detail;
      return d.status?.state === 'done' ? d : undefined;
    });
    const s1 = detail.status.stages.find((s) => s.id === 's1');
    expect(s1?.in).toBe(12_000);
    for (const stage of detail.status.stages) {
      const cps = await listCheckpoints(consoleApp.backend.clients.dynamo, 'sluice-totals', stage.id);
      expect(stage.in).toBe(cps.reduce((a, c) => a + c.doc.stats.in, 0));
      expect(stage.out).toBe(cps.reduce((a, c) => a + c.doc.stats.out, 0));
      expect(stage.openShards).toBe(2);
      for (const cp of cps) {
        expect(stage.shards.find((s) => s.shardId === cp.shardId)).toMatchObject({
          epoch: cp.epoch,
          in: cp.doc.stats.in,
        });
      }
    }
    const list = (await api('GET', '/api/pipelines')).body as unknown as {
      name: string;
      state: string;
      stages: number;
    }[];
    expect(list).toContainEqual(expect.objectContaining({ name: 'totals', stages: 2 }));

    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await statusCommand(['totals', '--endpoint', stack.endpoint, '--json'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const printed = JSON.parse(out.join('')) as {
      stages: { stage: string; in: number; out: number; shards: number }[];
    };
    for (const stage of detail.status.stages) {
      expect(printed.stages.find((s) => s.stage === stage.id)).toMatchObject({
        in: stage.in,
        out: stage.out,
        shards: 2,
      });
    }
  });

  it('lists dead letters and replays them (none here: the input is clean)', async () => {
    const r = await api('GET', '/api/pipelines/totals/dead-letters');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    const replay = await api('POST', '/api/pipelines/totals/dead-letters/replay', {});
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: 0, skipped: [] });
  });

  it('plans and runs a multi-step rescale, recording each call, and enforces 10 per 24 h', async () => {
    const plan = await api('POST', '/api/pipelines/totals/stages/s2/rescale', { target: 5, dryRun: true });
    expect(plan.body).toMatchObject({
      plan: { from: 2, to: 5, steps: [4, 5], summary: '2 → 4 → 5' },
      allowance: { remaining: 10 },
    });
    const started = await api('POST', '/api/pipelines/totals/stages/s2/rescale', { target: 5 });
    expect(started.status).toBe(202);
    type Job = {
      finished: boolean;
      error: unknown;
      progress: { phase: string; openShards: number; newShards: string[] }[];
    };
    const job = await until(async () => {
      const j = (await api('GET', `/api/rescales/${String(started.body.id)}`)).body as unknown as Job;
      return j.finished ? j : undefined;
    });
    expect(job.error).toBeNull();
    const phases = job.progress.map((p) => p.phase);
    expect(phases).toContain('updating');
    expect(phases.filter((p) => p === 'active')).toHaveLength(2);
    expect(job.progress.at(-1)).toMatchObject({ phase: 'done', openShards: 5 });
    const detail = (await api('GET', '/api/pipelines/totals')).body as unknown as {
      status: { stages: { id: string; openShards: number }[] };
    };
    await until(async () => {
      const d = (await api('GET', '/api/pipelines/totals')).body as unknown as typeof detail;
      return d.status.stages.find((s) => s.id === 's2')?.openShards === 5 ? true : undefined;
    });
    const after = await api('POST', '/api/pipelines/totals/stages/s2/rescale', { target: 5, dryRun: true });
    expect(after.body).toMatchObject({ allowance: { used: 2, remaining: 8 } });
    // Seven more calls recorded (say, by another sluice process): 9 of 10 used.
    for (let i = 0; i < 7; i++) {
      await recordRescaleCall(consoleApp.backend.clients.dynamo, 'sluice-totals', {
        stream: 'sluice-totals-edge-s2',
        at: Date.now() - (i + 1) * 60_000,
        from: 5,
        to: 5,
        by: 'test',
      });
    }
    const refused = await api('POST', '/api/pipelines/totals/stages/s2/rescale', { target: 20 });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('RESCALE_LIMIT');
    const one = await api('POST', '/api/pipelines/totals/stages/s2/rescale', { target: 6, dryRun: true });
    expect(one.body).toMatchObject({ plan: { steps: [6] }, allowance: { remaining: 1 } });
    expect((await api('POST', '/api/pipelines/totals/stages/s9/rescale', { target: 2 })).status).toBe(404);
    expect((await api('POST', '/api/pipelines/totals/stages/s2/rescale', { target: 0 })).status).toBe(400);
  });
});

describe('console API: preview', () => {
  it('streams the rows of a bare SELECT over server-sent events', async () => {
    const sql = `CREATE TABLE orders (order_id BIGINT, amount DOUBLE, ts TIMESTAMP)
      WITH (connector = 'single_file', path = '${INPUT}', format = 'json', type = 'source', event_time_field = 'ts');
      SELECT order_id, amount FROM orders WHERE amount > 495;`;
    const notSelect = await api('POST', '/api/previews', { sql: sqlFor(join(dir, 'p.jsonl')) });
    expect(notSelect.body.error?.code).toBe('PREVIEW_NEEDS_SELECT');
    const started = await api('POST', '/api/previews', { sql });
    expect(started.status).toBe(201);
    const res = await fetch(
      new URL(`/api/previews/${String(started.body.id)}/events`, consoleApp.server.url),
      {
        headers: { authorization: `Bearer ${consoleApp.token}` },
      },
    );
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    const rows = text
      .split('\n\n')
      .filter((b) => b.startsWith('event: row'))
      .map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)) as { order_id: number; amount: number });
    expect(text).toContain('event: done');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.amount > 495)).toBe(true);
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(rows.length);
  });
});
