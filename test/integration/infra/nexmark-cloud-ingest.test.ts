import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineMonitor } from '../../../cli/monitor.ts';
import { compile } from '../../../compiler/index.ts';
import { makeDynamo, makeKinesis, makeLambda } from '../../../functions/aws/clients.ts';
import type { GeneratorIngestResult } from '../../../functions/connectors/generator-ingest.ts';
import { ingestFunctionName } from '../../../infra/ingest-function.ts';
import { synthPipeline } from '../../../infra/synth.ts';
import { deployAssembly } from '../../../localstack/deploy-assembly.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { normalizeRows, type Row } from '../../support/normalize.ts';
import { runOracle } from '../../support/oracle.ts';
import { repoRoot } from '../../support/run-sluice.ts';

/**
 * The nexmark generator in the cloud (issue 5): the AWS assembly of Nexmark Q1 with a Kinesis sink
 * has an ingest function; deployed onto the embedded stack and invoked as its schedule would,
 * slice by slice, including two runs at once from the same position (one's commit is refused, its
 * puts are duplicates), the sink holds DuckDB's answer over the same generated events.
 */
const queriesDir = join(repoRoot, 'test/queries');
const SINK = 'nexmark-cloud-q1-out';
let stack: LocalStack;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sluice-nexmark-cloud-'));
  stack = await startLocalStack({ port: 0, dataDir: work });
});

afterAll(async () => {
  await stack?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('nexmark ingest function (cloud assembly) on the embedded stack', () => {
  it('ingests every event exactly once through scheduled runs and equals DuckDB', {
    timeout: 300_000,
  }, async () => {
    const sql = (await readFile(join(queriesDir, 'nexmark_q1.sql'), 'utf8')).replace(
      "WITH (connector = 'single_file', path = 'out/nexmark_q1.jsonl', format = 'json', type = 'sink')",
      `WITH (connector = 'kinesis', stream_name = '${SINK}', format = 'json', type = 'sink')`,
    );
    expect(sql).toContain(SINK);
    const spec = compile(sql, { name: 'nexmark-cloud', baseDir: queriesDir, parallelism: 2 });
    const { assemblyDir } = await synthPipeline({ spec, outDir: join(work, 'cdk.out') });

    const endpoint = stack.endpoint;
    const kinesis = makeKinesis({ endpoint });
    const lambda = makeLambda({ endpoint });
    await kinesis.send(new CreateStreamCommand({ StreamName: SINK, ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: SINK });
    const deployed = await deployAssembly({ assemblyDir, endpoint });
    const fn = ingestFunctionName(spec.name, 's1');
    expect(deployed.schedules.flatMap((s) => s.functionNames)).toContain(fn);

    const invoke = async (payload: object): Promise<GeneratorIngestResult | { errorType: string }> => {
      const res = await lambda.send(
        new InvokeCommand({ FunctionName: fn, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
      );
      const body = JSON.parse(new TextDecoder().decode(res.Payload)) as GeneratorIngestResult & {
        errorType: string;
      };
      return res.FunctionError ? { errorType: body.errorType } : body;
    };

    // One slice, then two runs at once from the same position: one commits, the other's commit is
    // refused (its puts are the same envelopes again, which the source stage deduplicates).
    const first = await invoke({ sliceEvents: 700, maxSlices: 1 });
    expect(first).toMatchObject({ slices: 1, done: 700, total: 5000, eos: false });
    const both = await Promise.all([
      invoke({ sliceEvents: 700, maxSlices: 1 }),
      invoke({ sliceEvents: 700, maxSlices: 1 }),
    ]);
    const refused = both.filter((r) => 'errorType' in r);
    expect(refused.map((r) => (r as { errorType: string }).errorType)).toEqual(['CommitConflictError']);
    // Then the schedule's runs until end-of-stream.
    let last: GeneratorIngestResult | undefined;
    for (let run = 0; run < 20 && !last?.eos; run++) {
      const r = await invoke({ sliceEvents: 700, maxSlices: 2 });
      if ('errorType' in r) throw new Error(`ingest run failed: ${r.errorType}`);
      last = r;
    }
    expect(last).toMatchObject({ done: 5000, eos: true });
    // A run after the end sends nothing.
    expect(await invoke({})).toMatchObject({ slices: 0, events: 0, eos: true });

    const oracle = normalizeRows(await runOracle(join(queriesDir, 'nexmark_q1.oracle.sql'), queriesDir));
    const rows = await readSink(kinesis, oracle.length);
    // Every record as written, not deduplicated: the refused run's envelopes were dropped at s1.
    expect(normalizeRows(rows)).toEqual(oracle);
    const s1 = (await new PipelineMonitor(spec, makeDynamo({ endpoint }), kinesis).poll()).stages.find(
      (s) => s.stageId === 's1',
    );
    expect(s1).toMatchObject({ in: 5000 });
    expect(s1?.dup).toBeGreaterThan(0);
  });
});

/** Every record of the sink stream, until `expected` of them and 10 quiet polls more. */
async function readSink(kinesis: ReturnType<typeof makeKinesis>, expected: number): Promise<Row[]> {
  const rows: Row[] = [];
  const shard = ((await kinesis.send(new ListShardsCommand({ StreamName: SINK }))).Shards ?? [])[0]!;
  let iterator = (
    await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: SINK,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
  ).ShardIterator;
  let idle = 0;
  const deadline = Date.now() + 120_000;
  // Until the expected count, then 10 quiet polls more (a row beyond it would show up).
  while (iterator && Date.now() < deadline && (rows.length < expected || idle < 10)) {
    const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
    for (const r of res.Records ?? []) {
      rows.push(JSON.parse(new TextDecoder().decode(r.Data)) as Row);
    }
    idle = (res.Records ?? []).length === 0 ? idle + 1 : 0;
    iterator = res.NextShardIterator;
    if ((res.Records ?? []).length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  return rows;
}
