import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeLambda, makeS3 } from '../../../functions/aws/clients.ts';
import type { CloudIngestResult } from '../../../functions/connectors/cloud-ingest.ts';
import { loadIngestProgress } from '../../../functions/connectors/ingest-progress.ts';
import { ingestFunctionName } from '../../../infra/ingest-function.ts';
import { synthPipeline } from '../../../infra/synth.ts';
import { deployAssembly } from '../../../localstack/deploy-assembly.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { PipelineMonitor } from '../../../ops/status/monitor.ts';
import { normalizeRows, type Row } from '../../support/normalize.ts';
import { runOracle } from '../../support/oracle.ts';
import { repoRoot, runSluice } from '../../support/run-sluice.ts';
import { SinkStreamReader } from '../../support/sink-stream.ts';
import { waitUntil } from '../../support/wait-until.ts';

/**
 * The cloud ingest function (issues 4 and 5): the AWS assembly of a pipeline reading a nexmark or
 * an S3 filesystem source has an ingest function; deployed onto the embedded stack and invoked as
 * its schedule would, slice by slice, including two runs at once from the same position (one's
 * commit is refused, its puts are duplicates), the Kinesis sink holds DuckDB's answer over the
 * same input, every record as written (no dedupe).
 */
const queriesDir = join(repoRoot, 'test/queries');
let stack: LocalStack;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sluice-cloud-ingest-'));
  stack = await startLocalStack({ port: 0, dataDir: work });
});

afterAll(async () => {
  await stack?.stop();
  await rm(work, { recursive: true, force: true });
});

interface Case {
  readonly name: string;
  /** The query under test/queries; its single_file sink becomes a Kinesis stream. */
  readonly query: string;
  /** Replacements that make its source a cloud-ingested one. */
  readonly replace: readonly (readonly [string, string])[];
  /** The source's lines (events). */
  readonly lines: number;
  /** Puts the input where the ingest function reads it; returns the oracle's base folder. */
  readonly prepare: (endpoint: string) => Promise<string>;
  /** The dead letters' positions, as `sluice dlq list` names them. */
  readonly deadLetters: readonly string[];
  /** Where the committed position points after the first 700 lines (a filesystem source). */
  readonly cursorAfter700?: () => Promise<{ object: number; byte: number }>;
}

const ordersLines = async (): Promise<string[]> =>
  (await readFile(join(queriesDir, 'inputs/orders.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .slice(0, ORDERS_LINES);

const ORDERS_LINES = 3000;
const OVERSIZED_LINE = JSON.stringify({ order_id: 8, customer: 'x'.repeat(1_100_000), region: 'eu' });

const cases: readonly Case[] = [
  {
    name: 'nexmark (Q1)',
    query: 'nexmark_q1',
    replace: [],
    lines: 5000,
    deadLetters: [],
    prepare: async () => queriesDir,
  },
  {
    name: 'filesystem (S3, tumble_region over 3 objects)',
    query: 'tumble_region',
    replace: [
      [
        "WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source')",
        "WITH (connector = 'filesystem', path = 's3://cloud-lake/orders/', format = 'json', type = 'source', bad_data = 'drop')",
      ],
    ],
    lines: ORDERS_LINES + 2,
    // line 11 of the second object is malformed: named by its object, not the whole source's line
    // 1011; line 5 of the third is over Kinesis's 1 MiB record (it used to fail every ingest run at
    // the same position, forever)
    deadLetters: ['s3://cloud-lake/orders/part-1.jsonl:11', 's3://cloud-lake/orders/part-2.jsonl:5'],
    // object 0 holds lines 1–1000, one per line: line 701 starts after 700 lines and their ends
    cursorAfter700: async () => ({
      object: 0,
      byte: Buffer.byteLength(`${(await ordersLines()).slice(0, 700).join('\n')}\n`),
    }),
    prepare: async (endpoint) => {
      const lines = await ordersLines();
      const s3 = makeS3({ endpoint });
      await s3.send(new CreateBucketCommand({ Bucket: 'cloud-lake' }));
      for (let k = 0; k < 3; k++) {
        const part = lines.slice(k * 1000, (k + 1) * 1000);
        if (k === 1) part.splice(10, 0, '{"order_id": 7, "customer": "broken');
        if (k === 2) part.splice(4, 0, OVERSIZED_LINE);
        const body = `${part.join('\n')}\n`;
        await s3.send(
          new PutObjectCommand({ Bucket: 'cloud-lake', Key: `orders/part-${k}.jsonl`, Body: body }),
        );
      }
      const dir = join(work, 'oracle');
      await mkdir(join(dir, 'inputs'), { recursive: true });
      await writeFile(join(dir, 'inputs/orders.jsonl'), `${lines.join('\n')}\n`);
      return dir;
    },
  },
];

describe.each(cases)('the ingest function of a $name source (cloud assembly, embedded stack)', (c) => {
  it('ingests every line exactly once through scheduled runs and equals DuckDB', {
    timeout: 300_000,
  }, async () => {
    const sink = `cloud-ingest-${c.query.replaceAll('_', '-')}-out`;
    let sql = await readFile(join(queriesDir, `${c.query}.sql`), 'utf8');
    const sinkWith = `WITH (connector = 'single_file', path = 'out/${c.query}.jsonl', format = 'json', type = 'sink')`;
    for (const [from, to] of [
      ...c.replace,
      [
        sinkWith,
        `WITH (connector = 'kinesis', stream_name = '${sink}', format = 'json', type = 'sink')`,
      ] as const,
    ]) {
      expect(sql).toContain(from);
      sql = sql.replace(from, to);
    }
    const name = `cloud-${c.query.replaceAll('_', '-')}`;
    const spec = compile(sql, { name, baseDir: queriesDir, parallelism: 2 });
    const { assemblyDir } = await synthPipeline({ spec, outDir: join(work, `cdk.out.${c.query}`) });

    const endpoint = stack.endpoint;
    const kinesis = makeKinesis({ endpoint });
    const lambda = makeLambda({ endpoint });
    const oracleDir = await c.prepare(endpoint);
    await kinesis.send(new CreateStreamCommand({ StreamName: sink, ShardCount: 1 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: sink });
    const deployed = await deployAssembly({ assemblyDir, endpoint });
    const fn = ingestFunctionName(spec.name, 's1');
    expect(deployed.schedules.flatMap((s) => s.functionNames)).toContain(fn);

    const invoke = async (payload: object): Promise<CloudIngestResult | { errorType: string }> => {
      const res = await lambda.send(
        new InvokeCommand({ FunctionName: fn, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
      );
      const body = JSON.parse(new TextDecoder().decode(res.Payload)) as CloudIngestResult & {
        errorType: string;
      };
      return res.FunctionError ? { errorType: body.errorType } : body;
    };

    // One slice, then two runs at once from the same position: one commits, the other's commit is
    // refused (its puts are the same envelopes again, which the source stage deduplicates).
    const first = await invoke({ sliceEvents: 700, maxSlices: 1 });
    expect(first).toMatchObject({ slices: 1, done: 700, eos: false });
    const { doc } = await loadIngestProgress(makeDynamo({ endpoint }), resourceNames.table(spec.name), 's1');
    // a filesystem source resumes with a ranged GET from there, not by re-reading the objects
    expect(doc?.cursor).toEqual(c.cursorAfter700 ? await c.cursorAfter700() : undefined);
    const both = await Promise.all([
      invoke({ sliceEvents: 700, maxSlices: 1 }),
      invoke({ sliceEvents: 700, maxSlices: 1 }),
    ]);
    const refused = both.filter((r) => 'errorType' in r);
    expect(refused.map((r) => (r as { errorType: string }).errorType)).toEqual(['CommitConflictError']);
    // Then the schedule's runs until end-of-stream.
    let last: CloudIngestResult | undefined;
    for (let run = 0; run < 20 && !last?.eos; run++) {
      const r = await invoke({ sliceEvents: 700, maxSlices: 2 });
      if ('errorType' in r) throw new Error(`ingest run failed: ${r.errorType}`);
      last = r;
    }
    expect(last).toMatchObject({ done: c.lines, eos: true });
    // A run after the end sends nothing.
    expect(await invoke({})).toMatchObject({ slices: 0, lines: 0, eos: true });

    const oracle = normalizeRows(await runOracle(join(queriesDir, `${c.query}.oracle.sql`), oracleDir));
    // Wait for a committed condition, not for rows or quiet polls: once every open shard of every
    // stage committed end-of-stream, the sink stream holds everything it ever will (I3), so reading
    // it to the end sees a lost row and a duplicate alike, however slow the machine is.
    const monitor = new PipelineMonitor(spec, makeDynamo({ endpoint }), kinesis);
    await waitUntil('the pipeline to be done', async () => (await monitor.poll()).done);
    const rows = await new SinkStreamReader<Row>(kinesis, sink).toEnd();
    // Every record as written, not deduplicated: the refused run's envelopes were dropped at s1.
    expect(normalizeRows(rows)).toEqual(oracle);
    const s1 = (await monitor.poll()).stages.find((s) => s.stageId === 's1');
    expect(s1).toMatchObject({ in: c.lines });
    expect(s1?.dup).toBeGreaterThan(0);
    const dlq = await runSluice(['dlq', 'list', name, '--endpoint', endpoint, '--json']);
    expect(dlq.code, dlq.stderr).toBe(0);
    const letters = dlq.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { position: string; reason: string });
    expect(letters.map((d) => d.position).sort()).toEqual(c.deadLetters);
    for (const d of letters) {
      expect(d.reason).toMatch(
        d.position.endsWith('part-2.jsonl:5') ? /does not fit in a Kinesis record/ : /invalid JSON/,
      );
    }
  });
});
