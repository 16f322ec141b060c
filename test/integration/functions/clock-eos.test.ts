import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KinesisClient, UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { listCheckpoints } from '../../../functions/state/checkpoint-store.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { PipelineSession } from '../../../ops/session/pipeline-session.ts';
import { readJsonLines } from '../../support/golden-run.ts';
import { normalizeRows } from '../../support/normalize.ts';
import { duckdbRows } from '../../support/oracle.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import { allShards } from './lineage-harness.ts';

/**
 * A stream resharded after its producers' last record: the new child shards get no record, so only
 * the clock can bring them end-of-stream (finished producers re-send their final marker). Without
 * it a bounded run never ends.
 *
 * Issue 10, finding 9: the second case once saw 0 sink rows under load. The rows were late, not
 * lost: the test waited for the source stage (s1) and then assembled the sink, while the windowed
 * sink stage (s2), which emits only at end-of-stream, had not committed yet. Each case now waits
 * for the pipeline to be done (every open shard of every stage committed end-of-stream, as
 * `sluice run` does) and compares the sink with DuckDB; the second forces the slow sink stage by
 * pausing its event source mapping until after the reshard.
 */
const BASE = Date.UTC(2024, 0, 1);
/** Bounds that only name a stall: far above the minute a case takes on a 2-core machine at load 30. */
const WAIT = { timeoutMs: 240_000 };
const TEST = { timeout: 300_000 };
let stack: LocalStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-clock-eos-'));
  stack = await startLocalStack({ port: 0, dataDir: join(dir, 'stack') });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `n` orders, one every 50 ms of event time from BASE, written as JSON lines to `path`. */
function writeOrders(path: string, n: number): void {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: i, user: `u${i % 5}`, amount: i % 7, ts: BASE + i * 50 }),
  );
  writeFileSync(path, lines.join('\n'));
}

/** DuckDB's answer to tumblePipeline's query over `path`. */
async function oracle(path: string): Promise<string[]> {
  const rows = await duckdbRows(`
    SELECT "user", count(*) AS n, sum(amount) AS total,
      time_bucket(INTERVAL '1 minute', epoch_ms(ts)) AS window_start,
      time_bucket(INTERVAL '1 minute', epoch_ms(ts)) + INTERVAL '1 minute' AS window_end
    FROM read_json('${path}', format = 'newline_delimited',
      columns = {id: 'BIGINT', "user": 'VARCHAR', amount: 'BIGINT', ts: 'BIGINT'})
    WHERE amount > 0
    GROUP BY ALL`);
  return normalizeRows(rows);
}

/** The shards of `stream` that are not closed by a reshard. */
async function openShards(kinesis: KinesisClient, stream: string) {
  return (await allShards(kinesis, stream)).filter(
    (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
  );
}

/** Deploys tumblePipeline over `rows` orders and starts it (ingest runs in the background). */
async function startTumble(name: string, rows: number, p1: number, p2: number) {
  const sourcePath = join(dir, `${name}.jsonl`);
  writeOrders(sourcePath, rows);
  const sinkPath = join(dir, `${name}-out.jsonl`);
  const spec = tumblePipeline({ name, sourcePath, sinkPath, p1, p2 });
  const session = await PipelineSession.start({ spec, endpoint: stack.endpoint, workDir: join(dir, name) });
  return { spec, session, sourcePath, sinkPath };
}

/**
 * Assembles the sink (the pipeline is done) and compares it with DuckDB: nothing lost or doubled.
 * `windows`: how many one-minute windows the orders span (DuckDB's answer has one row per user each).
 */
async function expectSinkEqualsDuckDB(t: Awaited<ReturnType<typeof startTumble>>, windows: number) {
  const { sinks } = await t.session.finish();
  const expected = await oracle(t.sourcePath);
  expect(expected.length).toBe(5 * windows);
  expect(sinks[0]?.rows).toBe(expected.length);
  expect(normalizeRows(await readJsonLines(t.sinkPath))).toEqual(expected);
}

/** Polls the session (it re-announces ingest end-of-stream on polls) until the pipeline is done. */
async function untilDone(session: PipelineSession): Promise<void> {
  let last = '';
  await waitUntil(
    'every open shard of every stage to commit end-of-stream',
    async () => {
      const p = await session.poll();
      last = JSON.stringify(p.stages.map((s) => [s.stageId, s.shardsDone, s.shards, s.in, s.out]));
      return p.done;
    },
    { ...WAIT, describe: () => `[stage, shards done, open shards, in, out]: ${last}` },
  );
}

describe('clock: end-of-stream reaches shards created after the producers finished', () => {
  it('a reshard after end-of-stream: every new shard still commits end-of-stream', TEST, async () => {
    const t = await startTumble('clock-eos', 2_000, 2, 2);
    const { spec, session } = t;
    const { dynamo, kinesis } = session.clients;
    const table = resourceNames.table(spec.name);
    const edge = resourceNames.stream(spec.name, 'e1');
    const openEdge = () => openShards(kinesis, edge);
    const allEos = async () => {
      const cps = await listCheckpoints(dynamo, table, 's2');
      return (await openEdge()).every((s) => cps.find((cp) => cp.shardId === s.ShardId)?.doc.eos === true);
    };

    await untilDone(session);
    const s1 = await listCheckpoints(dynamo, table, 's1');
    expect(s1.every((cp) => cp.doc.eos)).toBe(true); // the producers had sent their last record

    await kinesis.send(
      new UpdateShardCountCommand({ StreamName: edge, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    expect((await openEdge()).length).toBe(3);
    await waitUntil('every new shard of e1 to commit end-of-stream', allEos, WAIT);
    await untilDone(session);
    // the windows fired once, before the reshard: the children inherit no window to fire again
    await expectSinkEqualsDuckDB(t, 2); // 2,000 orders 50 ms apart: 100 s
  });

  it(
    'a reshard of the ingest stream after ingest ended: the session re-sends end-of-stream',
    TEST,
    async () => {
      const t = await startTumble('ingest-eos', 1_000, 2, 1);
      const { spec, session } = t;
      const { dynamo, kinesis, lambda } = session.clients;
      // The sink stage is slower than everything else (a loaded machine): its mapping is paused, so
      // it takes the source stage's rows, end-of-stream and children's announcements only after the
      // reshard. Its window (all 1,000 rows fall in one minute) fires only at end-of-stream.
      const mappings = await lambda.send(
        new ListEventSourceMappingsCommand({ FunctionName: resourceNames.function(spec.name, 's2') }),
      );
      const s2Mapping = mappings.EventSourceMappings?.[0]?.UUID;
      expect(s2Mapping).toBeDefined();
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: s2Mapping, Enabled: false }));

      const table = resourceNames.table(spec.name);
      const ingest = resourceNames.stream(spec.name, 'ingest-orders');
      const openIngest = () => openShards(kinesis, ingest);
      const s1Eos = async () => {
        await session.poll(); // the session re-announces ingest's end-of-stream on polls
        const cps = await listCheckpoints(dynamo, table, 's1');
        return (await openIngest()).every(
          (s) => cps.find((cp) => cp.shardId === s.ShardId)?.doc.eos === true,
        );
      };

      await waitUntil('ingest to end', async () => session.ingestDone && (await s1Eos()), WAIT);
      await kinesis.send(
        new UpdateShardCountCommand({
          StreamName: ingest,
          TargetShardCount: 3,
          ScalingType: 'UNIFORM_SCALING',
        }),
      );
      expect((await openIngest()).length).toBe(3);
      await waitUntil('every new ingest shard to commit end-of-stream', s1Eos, WAIT);
      // The interleaving is forced: the source stage is done and the sink stage has not reached
      // end-of-stream (its mapping was paused right after the deploy, before the input could pass
      // the source stage), so its window has not fired.
      expect((await listCheckpoints(dynamo, table, 's2')).some((cp) => cp.doc.eos)).toBe(false);
      expect((await session.poll()).done).toBe(false);

      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: s2Mapping, Enabled: true }));
      await untilDone(session);
      await expectSinkEqualsDuckDB(t, 1); // 1,000 orders 50 ms apart: 50 s
    },
  );
});
