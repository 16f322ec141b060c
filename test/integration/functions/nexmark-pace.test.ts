import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { type PipelineSpec, resourceNames } from '../../../compiler/spec/index.ts';
import { runCloudIngest } from '../../../functions/connectors/cloud-ingest.ts';
import { ingestFile } from '../../../functions/connectors/file-ingest.ts';
import { loadIngestProgress } from '../../../functions/connectors/ingest-progress.ts';
import { nexmarkLines } from '../../../functions/connectors/nexmark/nexmark-lines.ts';
import { dueCount, PACE_TICK_MS } from '../../../functions/connectors/nexmark/pace.ts';
import { nexmarkOracleLines } from '../../../scripts/gen-nexmark.ts';
import { normalizeRows } from '../../support/normalize.ts';
import { runOracle } from '../../support/oracle.ts';
import { repoRoot, runSluice } from '../../support/run-sluice.ts';
import { deployPipeline, emulatorsForFile, readShard, shardIds } from './harness.ts';

/**
 * A nexmark source with `pace = 'event_rate'` sends event n no earlier than n / event_rate seconds
 * after ingest starts, locally (sluice run's ingest) and in the cloud (the ingest function), and
 * still sends every event exactly once. The pacing checks run on a fake clock (time moves only
 * when the sender sleeps), so they assert the schedule, not the machine's speed.
 */
const RATE = 100;
const RUNTIME = 3;
const EVENTS = RATE * RUNTIME;
const T0 = 1_800_000_000_000;

const sqlOf = (sink: string) => `
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '${RATE}', runtime = '${RUNTIME}', seed = '7',
  out_of_order_group_size = '4', pace = 'event_rate');
CREATE TABLE q0 WITH (${sink});
INSERT INTO q0
SELECT bid.auction, bid.bidder, bid.price, bid.channel, bid.url, bid.datetime FROM nexmark WHERE bid IS NOT NULL;
`;
const KINESIS_SINK = "connector = 'kinesis', stream_name = 'paced-out', format = 'json', type = 'sink'";

const emu = emulatorsForFile();

/** A clock that moves only when the code under test sleeps; each sleep checks `beforeSleep`. */
function fakeClock(beforeSleep: (now: number) => Promise<void> | void) {
  const c = {
    t: T0,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      await beforeSleep(c.t);
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

async function deployed(name: string): Promise<{ spec: PipelineSpec; stream: string }> {
  const spec = compile(sqlOf(KINESIS_SINK), { name, baseDir: repoRoot, parallelism: 2 });
  await deployPipeline(spec, emu.dynamo, emu.kinesis);
  const s1 = spec.stages[0]!;
  if (s1.input.kind !== 'source') throw new Error('s1 reads no source');
  return { spec, stream: resourceNames.stream(spec.name, s1.input.stream) };
}

/** Lines carried by the data envelopes of every shard of `stream`. */
async function linesIn(stream: string): Promise<number> {
  let n = 0;
  for (const shard of await shardIds(emu.kinesis, stream)) {
    for (const r of await readShard(emu.kinesis, stream, shard)) {
      const env = JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as { q?: unknown[] };
      n += env.q?.length ?? 0;
    }
  }
  return n;
}

describe("nexmark with pace = 'event_rate'", () => {
  it('sluice run: sends no event before it is due, each exactly once', async () => {
    const { spec, stream } = await deployed('paced-local');
    const source = spec.stages[0]!.input;
    if (source.kind !== 'source' || source.source.kind !== 'nexmark') throw new Error('no nexmark');
    const options = source.source.nexmark;
    expect(options.pace).toBe('event_rate');
    let pulled = 0;
    const clock = fakeClock((now) => {
      // the line just pulled is the one not yet due; every line before it may be sent
      expect(pulled - 1).toBeLessThanOrEqual(dueCount(T0, RATE, now, EVENTS));
    });
    const lines = (function* () {
      for (const line of nexmarkLines(options)) {
        pulled++;
        yield line;
      }
    })();
    const result = await ingestFile({
      spec,
      stageId: 's1',
      kinesis: emu.kinesis,
      streamName: stream,
      lines,
      pace: { eventRate: RATE, now: clock.now, sleep: clock.sleep },
    });
    expect(result.lines).toBe(EVENTS);
    // the last event is due (EVENTS − 1) / RATE s after the start: the clock got there by sleeping
    expect(clock.t - T0).toBeGreaterThanOrEqual(((EVENTS - 1) * 1000) / RATE);
    expect(clock.sleeps.length).toBeGreaterThan(RUNTIME * 2);
    for (const ms of clock.sleeps) expect(ms).toBeGreaterThanOrEqual(PACE_TICK_MS);
    expect(await linesIn(stream)).toBe(EVENTS);
  });

  it('the cloud ingest function: commits only due events, fixes the start in its plan', async () => {
    const { spec, stream } = await deployed('paced-cloud');
    const table = resourceNames.table(spec.name);
    const clock = fakeClock(async (now) => {
      const { doc } = await loadIngestProgress(emu.dynamo, table, 's1');
      expect(doc?.done ?? 0).toBeLessThanOrEqual(dueCount(T0, RATE, now, EVENTS));
    });
    const result = await runCloudIngest({
      spec,
      stageId: 's1',
      table,
      dynamo: emu.dynamo,
      kinesis: emu.kinesis,
      streamName: stream,
      deadlineMs: T0 + 60_000,
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(result).toMatchObject({ done: EVENTS, lines: EVENTS, eos: true });
    expect(result.slices).toBeGreaterThan(RUNTIME * 2); // a slice per wake-up, not one of 5,000
    expect(clock.t - T0).toBeGreaterThanOrEqual(((EVENTS - 1) * 1000) / RATE);
    expect((await loadIngestProgress(emu.dynamo, table, 's1')).doc?.startedAtMs).toBe(T0);
    expect(await linesIn(stream)).toBe(EVENTS);
  });

  it('end to end: the paced run’s sink equals DuckDB over the same events', {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-paced-'));
    try {
      const sqlFile = join(dir, 'paced.sql');
      await writeFile(
        sqlFile,
        sqlOf("connector = 'single_file', path = 'out/q0.jsonl', format = 'json', type = 'sink'"),
      );
      const spec = compile(await readFile(sqlFile, 'utf8'), { name: 'paced', baseDir: dir, parallelism: 1 });
      const source = spec.stages[0]!.input;
      if (source.kind !== 'source' || source.source.kind !== 'nexmark') throw new Error('no nexmark');
      await mkdir(join(dir, 'inputs'));
      await writeFile(
        join(dir, 'inputs/nexmark.jsonl'),
        `${nexmarkOracleLines(source.source.nexmark).join('\n')}\n`, // Arroyo's nested shape, as gen-nexmark writes
      );
      const oracle = normalizeRows(
        await runOracle(join(repoRoot, 'test/queries/nexmark_q0.oracle.sql'), dir),
      );
      expect(oracle.length).toBeGreaterThan(100);

      const result = await runSluice(['run', sqlFile, '--parallelism', '2', '--json', '--port', '0']);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { ingested: number };
      expect(summary.ingested).toBe(EVENTS);
      const rows = (await readFile(join(dir, 'out/q0.jsonl'), 'utf8'))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(normalizeRows(rows)).toEqual(oracle);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
