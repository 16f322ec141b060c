import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { makeKinesis } from '../../functions/aws/clients.ts';
import { DEFAULT_RATES } from '../../functions/chaos/chaos-config.ts';
import { type LocalStack, startLocalStack } from '../../localstack/index.ts';
import { RunChaos } from '../../ops/chaos/run-chaos.ts';
import { PipelineSession } from '../../ops/session/pipeline-session.ts';
import { putLines, putOnEveryShard } from './feed-kinesis.ts';
import { normalizeRows, type Row } from './normalize.ts';
import { runOracle } from './oracle.ts';
import { repoRoot, runSluice } from './run-sluice.ts';

/**
 * Live rescale, exactly once (issue 6), shared by test/integration/golden-rescale.test.ts and
 * `npm run test:chaos`: the tumbling-window golden query reads a Kinesis stream fed
 * in three parts; between them the real `sluice rescale` takes the windowed stage's input stream
 * from 2 to 3 shards, and later from 3 back to 2, while the pipeline runs. The sink must equal
 * DuckDB's answer over the same input. A case runs fault-free or under a seeded chaos schedule
 * (every fault kind but the harness's own reshards: here the rescale is the reshard).
 */
const queriesDir = join(repoRoot, 'test/queries');
const SOURCE = 'rescale-golden-orders';
const log = (m: string) => {
  if (process.env.SLUICE_TEST_LOG) process.stderr.write(`[golden-rescale] ${m}\n`);
};
/**
 * An event after every real one (the input ends 2026-11-24T10:05) on every source shard drives the
 * watermark past every real window. Not far-future: the event-time guard (max_future, 1 hour ahead
 * of the record's arrival) would dead-letter a 2030 event, and the windows would never close.
 */
const SENTINEL = JSON.stringify({
  order_id: 0,
  customer: 'end',
  region: 'end',
  amount: 0,
  status: 'cancelled',
  ts: '2026-11-25T00:00:00Z',
});

/** Every rated fault kind (crashes, redelivery, partial puts, throttling, zombies…), no reshards. */
const CHAOS_KINDS = Object.keys(DEFAULT_RATES);

export interface RescaleGoldenCase {
  readonly name: string;
  /** A chaos seed, or none for a fault-free run. */
  readonly seed?: number;
  /** Only the input's first `rows` lines (the oracle reads the same lines). @default all */
  readonly rows?: number;
}

/** One describe per case: deploy, feed in three parts with two live rescales, compare with DuckDB. */
export function describeRescaleGolden(cases: readonly RescaleGoldenCase[]): void {
  describe.each(cases)('live rescale 2 → 3 → 2 of a windowed stage mid-stream, $name', (c) => {
    rescaleGolden(c);
  });
}

function rescaleGolden({ seed, rows }: RescaleGoldenCase): void {
  let dir = '';
  let stack: LocalStack | undefined;
  let spec: PipelineSpec;
  let lines: string[];
  const chaos = seed === undefined ? undefined : new RunChaos({ seed, only: CHAOS_KINDS });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-rescale-'));
    stack = await startLocalStack({ port: 0, dataDir: dir, ...chaos?.stackOptions() });
    const sql = (await readFile(join(queriesDir, 'tumble_region.sql'), 'utf8'))
      .replace(
        "WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source')",
        `WITH (connector = 'kinesis', stream_name = '${SOURCE}', 'source.offset' = 'earliest', format = 'json', type = 'source')`,
      )
      .replace("path = 'out/tumble_region.jsonl'", `path = '${join(dir, 'out.jsonl')}'`);
    expect(sql).toContain("connector = 'kinesis'");
    spec = compile(sql, { name: 'rescale-golden', baseDir: dir, parallelism: 2 });
    lines = (await readFile(join(queriesDir, 'inputs/orders.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, rows);
    await mkdir(join(dir, 'inputs'));
    await writeFile(join(dir, 'inputs/orders.jsonl'), `${lines.join('\n')}\n`);
  });

  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the output exactly equal to DuckDB', { timeout: 600_000 }, async () => {
    if (!stack) throw new Error('no stack');
    const endpoint = stack.endpoint;
    const oracle = normalizeRows(await runOracle(join(queriesDir, 'tumble_region.oracle.sql'), dir));
    // The source is the user's stream: it exists before the pipeline is deployed.
    const kinesis = makeKinesis({ endpoint });
    await kinesis.send(new CreateStreamCommand({ StreamName: SOURCE, ShardCount: 2 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: SOURCE });
    const session = await PipelineSession.start({
      spec,
      endpoint,
      workDir: dir,
      onStep: () => {},
      ...(chaos ? { tuning: chaos.tuning() } : {}),
    });
    const s2 = async () => (await session.poll()).stages.find((s) => s.stageId === 's2');
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      for (let i = 0; i < 1200; i++) {
        if (await ok()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    const third = Math.floor(lines.length / 3);
    const parts = [lines.slice(0, third), lines.slice(third, 2 * third), lines.slice(2 * third)];
    let fed = 0;
    /** Feeds a part (slowly, so it overlaps what runs meanwhile) and waits until s1 took it all. */
    const feed = async (part: string[], during?: Promise<void>) => {
      const first = fed;
      fed += part.length;
      const target = fed;
      await Promise.all([
        putLines(kinesis, SOURCE, part, { firstKey: first, batch: 100, pauseMs: 50 }),
        during,
      ]);
      await waitFor(`s1 to take ${target} rows`, async () => {
        const s1 = (await session.poll()).stages.find((s) => s.stageId === 's1');
        return (s1?.in ?? 0) >= target;
      });
    };
    const rescale = async (to: number) => {
      const r = await runSluice(['rescale', spec.name, 's2', String(to), '--endpoint', endpoint, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect((await s2())?.shards).toBe(to);
    };

    log('feed part 1');
    await feed(parts[0]!);
    log('rescale 2 -> 3 while feeding part 2');
    await feed(parts[1]!, rescale(3)); // 2 → 3 while rows flow
    log('rescale 3 -> 2 while feeding part 3');
    await feed(parts[2]!, rescale(2)); // 3 → 2 while rows flow
    log('closing windows');

    // Close every window: closing events (after every real one) on every source shard until s2 has taken every row s1
    // sent and committed as many rows as DuckDB's answer has, then 3 more unchanged rounds (a
    // duplicate would show as more). Losing a row never gets there: 240 rounds fail.
    let last = '';
    let same = 0;
    for (let round = 0; ; round++) {
      await putOnEveryShard(kinesis, SOURCE, SENTINEL);
      await new Promise((r) => setTimeout(r, 500));
      const p = await session.poll();
      const st1 = p.stages.find((s) => s.stageId === 's1');
      const st2 = p.stages.find((s) => s.stageId === 's2');
      const key = JSON.stringify(st2);
      same = key === last ? same + 1 : 0;
      last = key;
      if (st1 && st2 && st2.in >= st1.out && st2.out >= oracle.length && same >= 3) break;
      if (round >= 240) throw new Error(`the windowed stage did not settle: ${JSON.stringify(p.stages)}`);
    }
    await session.finish();
    if (chaos) {
      const report = await chaos.report(spec, session.clients.dynamo);
      log(`chaos: ${JSON.stringify(report.faults)}`);
      expect(report.total).toBeGreaterThan(0);
    }

    const actual = normalizeRows(
      (await readFile(join(dir, 'out.jsonl'), 'utf8'))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Row),
    );
    expect(actual.length).toBeGreaterThan(0);
    expect(actual).toEqual(oracle);
  });
}
