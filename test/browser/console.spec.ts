import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { startDevStack } from '../../console/local/start-dev-stack.ts';
import { type RunningConsole, startConsole } from '../../console/start-console.ts';
import { assembleFileSink } from '../../functions/connectors/file-sink-assemble.ts';
import type { LocalStack } from '../../localstack/index.ts';
import type { PipelineStatus } from '../../ops/status/read-status.ts';
import { putLines, putOnEveryShard } from '../support/feed-kinesis.ts';
import { normalizeRows, type Row } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';
import { launchChromium } from './chromium.ts';

/**
 * The console in real headless Chromium, on a pipeline fed live from a Kinesis source: graph and
 * live metrics, a validation diagnostic, a rescale 2→3 of the shuffle stage mid-run, and the
 * output compared with DuckDB (the golden query tumble_region over the same input).
 */
const queriesDir = join(repoRoot, 'test/queries');
const SOURCE_STREAM = 'console-bt-orders';
const SCREENSHOT = join(repoRoot, 'docs/console-screenshot.png');
/**
 * An event after every real one (the input ends 2026-11-24T10:05) on every source shard: drives every
 * real window's watermark past its end. Not far-future: the event-time guard (max_future, 1 hour
 * ahead of the record's arrival) would dead-letter it.
 */
const SENTINEL = JSON.stringify({
  order_id: 0,
  customer: 'end',
  region: 'end',
  amount: 0,
  status: 'cancelled',
  ts: '2026-11-25T00:00:00Z',
});

let stack: LocalStack;
let app: RunningConsole;
let browser: Browser;
let page: Page;
let dir: string;
let spec: PipelineSpec;
let lines: string[];

const status = async (): Promise<PipelineStatus> => {
  const d = await app.backend.pipeline(spec.name);
  if (!d.status) throw new Error('no status');
  return d.status;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-browser-'));
  const dev = await startDevStack({ port: 0, dataDir: dir, onStep: () => {} });
  stack = dev.stack;
  app = await startConsole({
    port: 0,
    endpoint: stack.endpoint,
    emulator: stack.lambda,
    timer: dev.timer,
    workDir: dir,
    baseDir: dir,
  });
  await app.backend.clients.kinesis.send(
    new CreateStreamCommand({ StreamName: SOURCE_STREAM, ShardCount: 2 }),
  );
  await waitUntilStreamExists(
    { client: app.backend.clients.kinesis, maxWaitTime: 30 },
    { StreamName: SOURCE_STREAM },
  );
  const golden = await readFile(join(queriesDir, 'tumble_region.sql'), 'utf8');
  const sql = golden
    .replace(
      "WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source')",
      `WITH (connector = 'kinesis', stream_name = '${SOURCE_STREAM}', 'source.offset' = 'earliest', format = 'json', type = 'source')`,
    )
    .replace("path = 'out/tumble_region.jsonl'", `path = '${join(dir, 'tumble_region.jsonl')}'`);
  expect(sql).toContain("connector = 'kinesis'");
  spec = compile(sql, { name: 'console-bt', baseDir: dir, parallelism: 2 });
  await app.backend.run(spec);
  lines = (await readFile(join(queriesDir, 'inputs/orders.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sluice console in Chromium', () => {
  it('shows the stage graph and live metrics of a running pipeline', async () => {
    const half = Math.floor(lines.length / 2);
    const feeding = putLines(app.backend.clients.kinesis, SOURCE_STREAM, lines.slice(0, half), {
      pauseMs: 100,
    });
    await page.goto(`${app.server.url}#token=${app.token}`);
    await page.locator('#pipelines a', { hasText: spec.name }).click();
    await page.locator('svg.dag g[data-stage="s1"]').waitFor();
    await page.locator('svg.dag g[data-stage="s2"]').waitFor();
    expect(await page.locator('svg.dag path.edge').count()).toBe(1);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-metric="s1-in"] .v')?.textContent?.replace(/,/g, '')) > 0,
    );
    await page.locator('[data-charts="s1"] canvas').first().waitFor();
    await feeding;
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-metric="s1-in"] .v')?.textContent?.replace(/,/g, '')) === n,
      half,
    );
    expect(await page.locator('[data-shards="s2"] tbody tr').count()).toBe(2);
  });

  it('shows a bad query’s diagnostic at line:column', async () => {
    await page.locator('nav a', { hasText: 'SQL editor' }).click();
    await page
      .locator('#sql')
      .fill(
        "CREATE TABLE t (a BIGINT) WITH (connector = 'single_file', path = 'x', format = 'json', type = 'source');\nSELECT nope\nFROM t;",
      );
    await page.locator('#validate').click();
    const pos = page.locator('#diagnostics .diagnostic .pos').first();
    await pos.waitFor();
    expect(await pos.textContent()).toBe('2:8');
    expect(await page.locator('#diagnostics .diagnostic').first().textContent()).toMatch(/nope/);
    expect(await page.locator('.gutter .mark').textContent()).toContain('2');
  });

  it('rescales the shuffle stage 2→3 mid-run and shows the new shard count', async () => {
    await page.goto(`${app.server.url}#/p/${spec.name}`);
    await page.locator('input[data-rescale-input="s2"]').fill('3');
    await page.locator('button[data-rescale="s2"]').click();
    await page.locator('ol[data-rescale-progress="s2"] li.done').waitFor();
    expect(await page.locator('ol[data-rescale-progress="s2"]').textContent()).toMatch(
      /UpdateShardCount 2 → 3/,
    );
    await page.waitForFunction(
      () => document.querySelector('[data-metric="s2-shards"] .v')?.textContent === '3',
    );
    const feeding = putLines(
      app.backend.clients.kinesis,
      SOURCE_STREAM,
      lines.slice(Math.floor(lines.length / 2)),
      {
        pauseMs: 100,
        firstKey: lines.length,
      },
    );
    await page.waitForFunction(
      () => Number(document.querySelector('[data-metric="s1-in-rate"] .v')?.textContent) > 0,
    );
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await feeding;
    expect((await status()).stages.find((s) => s.id === 's2')?.openShards).toBe(3);
  });

  it('still matches DuckDB after the rescale (needs shard lineage, I5)', async () => {
    const oracle = normalizeRows(await runOracle(join(queriesDir, 'tumble_region.oracle.sql'), queriesDir));
    const lastEnd = Math.max(
      ...oracle.map((r) => Date.parse((JSON.parse(r) as { window_end: string }).window_end)),
    );
    // Drive the watermark: an event after every real one on every source shard, again until every open
    // shard of the windowed stage has passed the last window (s1 learns new shards lazily). An
    // open shard that never received a record (no key group routes there) has nothing to wait for.
    // No clock: the loop fails only if the stage's state stops changing for 30 rounds.
    let last = '';
    let still = 0;
    for (;;) {
      await putOnEveryShard(app.backend.clients.kinesis, SOURCE_STREAM, SENTINEL);
      await new Promise((r) => setTimeout(r, 1000));
      const s = await status();
      const s1 = s.stages.find((x) => x.id === 's1');
      const s2 = s.stages.find((x) => x.id === 's2');
      const open = s2?.shards.filter((x) => x.open) ?? [];
      const caughtUp = open.every(
        (x) => (x.epoch > 0 && (x.watermark ?? 0) >= lastEnd) || (x.epoch === 0 && x.lagMs === 0),
      );
      if ((s1?.in ?? 0) >= lines.length && caughtUp) break;
      const key = JSON.stringify(s2?.shards);
      still = key === last ? still + 1 : 0;
      last = key;
      if (still >= 30) throw new Error(`stage s2 stopped moving before its last window fired: ${key}`);
    }
    await assembleFileSink({
      spec,
      stageId: 's2',
      dynamo: app.backend.clients.dynamo,
      table: `sluice-${spec.name}`,
    });
    const text = await readFile(join(dir, 'tumble_region.jsonl'), 'utf8');
    const actual = normalizeRows(
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Row),
    );
    expect(actual).toEqual(oracle);
  });
});
