import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { listCheckpoints } from '../../../functions/state/checkpoint-store.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { PipelineSession } from '../../../ops/session/pipeline-session.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { tumblePipeline } from '../../unit/functions/fixtures.ts';
import { allShards } from './lineage-harness.ts';

const BASE = Date.UTC(2024, 0, 1);
const N = 60_000;

function expectedWindows(n: number): string[] {
  const groups = new Map<string, { user: string; n: number; total: number; start: number }>();
  for (let i = 0; i < n; i++) {
    const amount = i % 7;
    if (!(amount > 0)) continue;
    const user = `u${i % 5}`;
    const start = Math.floor((BASE + i * 50) / 60_000) * 60_000;
    const key = `${user}|${start}`;
    const g = groups.get(key) ?? { user, n: 0, total: 0, start };
    g.n++;
    g.total += amount;
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) =>
      JSON.stringify({
        user: g.user,
        n: g.n,
        total: g.total,
        window_start: new Date(g.start).toISOString(),
        window_end: new Date(g.start + 60_000).toISOString(),
      }),
    )
    .sort();
}

describe('I5 end to end: UpdateShardCount of the shuffle stream under a running pipeline (Lambda emulator)', () => {
  let stack: LocalStack;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lineage-e2e-'));
    stack = await startLocalStack({ port: 0, dataDir: join(dir, 'stack') });
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rescales 2 → 3 mid-run and the sink equals the oracle', async () => {
    const sourcePath = join(dir, 'orders.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < N; i++) {
      lines.push(JSON.stringify({ id: i, user: `u${i % 5}`, amount: i % 7, ts: BASE + i * 50 }));
    }
    writeFileSync(sourcePath, lines.join('\n'));
    const sinkPath = join(dir, 'out.jsonl');
    const spec = tumblePipeline({ name: 'rescale-e2e', sourcePath, sinkPath, p1: 2, p2: 2 });
    const session = await PipelineSession.start({
      spec,
      endpoint: stack.endpoint,
      workDir: join(dir, 'work'),
    });
    const { dynamo, kinesis } = session.clients;
    const table = resourceNames.table(spec.name);
    const edge = resourceNames.stream(spec.name, 'e1');
    // As soon as the source stage has committed something, rescale the shuffle stream it writes.
    await waitUntil(
      'the source stage to commit',
      async () => (await listCheckpoints(dynamo, table, 's1')).length > 0,
      {
        pauseMs: 20,
      },
    );
    await kinesis.send(
      new UpdateShardCountCommand({ StreamName: edge, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    const s2Before = await listCheckpoints(dynamo, table, 's2');
    expect(s2Before.every((cp) => !cp.doc.eos)).toBe(true); // it really was mid-run

    // Done when every open shard of e1 has committed end-of-stream: a condition, never a time (a
    // bounded loop that fell through to the sink check would report a slow run as lost rows).
    await waitUntil('every open shard of e1 to commit end-of-stream', async () => {
      const open = (await allShards(kinesis, edge)).filter(
        (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
      );
      const cps = await listCheckpoints(dynamo, table, 's2');
      return open.length === 3 && open.every((s) => cps.find((cp) => cp.shardId === s.ShardId)?.doc.eos);
    });
    await session.finish();
    const actual = readFileSync(sinkPath, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .sort();
    expect(actual).toEqual(expectedWindows(N));
    const cps = await listCheckpoints(dynamo, table, 's2');
    expect(cps.filter((cp) => cp.doc.closed).length).toBeGreaterThan(0);
    // Children really took over: they inherited state and counted rows after the rescale.
    expect(cps.some((cp) => cp.doc.lineage !== undefined && cp.doc.stats.in > 0)).toBe(true);
    expect(cps.reduce((n, cp) => n + cp.doc.stats.in, 0)).toBe(lines.filter((_, i) => i % 7 > 0).length);
  });
});
