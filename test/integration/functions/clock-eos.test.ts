import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineSession } from '../../../cli/session/pipeline-session.ts';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { listCheckpoints } from '../../../functions/state/checkpoint-store.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import { allShards } from './lineage-harness.ts';

/**
 * A stream resharded after its producers' last record: the new child shards get no record, so only
 * the clock can bring them end-of-stream (finished producers re-send their final marker). Without
 * it a bounded run never ends.
 */
const BASE = Date.UTC(2024, 0, 1);
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

describe('clock: end-of-stream reaches shards created after the producers finished', () => {
  it('a reshard after end-of-stream: every new shard still commits end-of-stream', async () => {
    const sourcePath = join(dir, 'orders.jsonl');
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      JSON.stringify({ id: i, user: `u${i % 5}`, amount: i % 7, ts: BASE + i * 50 }),
    );
    writeFileSync(sourcePath, lines.join('\n'));
    const spec = tumblePipeline({
      name: 'clock-eos',
      sourcePath,
      sinkPath: join(dir, 'out.jsonl'),
      p1: 2,
      p2: 2,
    });
    const session = await PipelineSession.start({
      spec,
      endpoint: stack.endpoint,
      workDir: join(dir, 'work'),
    });
    const { dynamo, kinesis } = session.clients;
    const table = resourceNames.table(spec.name);
    const edge = resourceNames.stream(spec.name, 'e1');
    const openEdge = async () =>
      (await allShards(kinesis, edge)).filter(
        (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
      );
    const allEos = async () => {
      const cps = await listCheckpoints(dynamo, table, 's2');
      return (await openEdge()).every((s) => cps.find((cp) => cp.shardId === s.ShardId)?.doc.eos === true);
    };
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      for (let i = 0; i < 600; i++) {
        if (await ok()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    await waitFor('the pipeline to finish', allEos);
    const s1 = await listCheckpoints(dynamo, table, 's1');
    expect(s1.every((cp) => cp.doc.eos)).toBe(true); // the producers had sent their last record

    await kinesis.send(
      new UpdateShardCountCommand({ StreamName: edge, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    expect((await openEdge()).length).toBe(3);
    await waitFor('every new shard of e1 to commit end-of-stream', allEos);
    await session.finish();
  });

  it('a reshard of the ingest stream after ingest ended: the session re-sends end-of-stream', async () => {
    const sourcePath = join(dir, 'orders-2.jsonl');
    const lines = Array.from({ length: 1_000 }, (_, i) =>
      JSON.stringify({ id: i, user: `u${i % 5}`, amount: i % 7, ts: BASE + i * 50 }),
    );
    writeFileSync(sourcePath, lines.join('\n'));
    const spec = tumblePipeline({
      name: 'ingest-eos',
      sourcePath,
      sinkPath: join(dir, 'out-2.jsonl'),
      p1: 2,
      p2: 1,
    });
    const session = await PipelineSession.start({
      spec,
      endpoint: stack.endpoint,
      workDir: join(dir, 'work-2'),
    });
    const { dynamo, kinesis } = session.clients;
    const table = resourceNames.table(spec.name);
    const ingest = resourceNames.stream(spec.name, 'ingest-orders');
    const openIngest = async () =>
      (await allShards(kinesis, ingest)).filter(
        (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
      );
    const s1Eos = async () => {
      await session.poll(); // the session re-announces ingest's end-of-stream on polls
      const cps = await listCheckpoints(dynamo, table, 's1');
      return (await openIngest()).every((s) => cps.find((cp) => cp.shardId === s.ShardId)?.doc.eos === true);
    };
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      for (let i = 0; i < 600; i++) {
        if (await ok()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    await waitFor('ingest to end', async () => session.ingestDone && (await s1Eos()));
    await kinesis.send(
      new UpdateShardCountCommand({
        StreamName: ingest,
        TargetShardCount: 3,
        ScalingType: 'UNIFORM_SCALING',
      }),
    );
    expect((await openIngest()).length).toBe(3);
    await waitFor('every new ingest shard to commit end-of-stream', s1Eos);
    const { sinks } = await session.finish();
    expect(sinks[0]?.rows).toBeGreaterThan(0);
  });
});
