/**
 * (b) End-to-end latency at a steady rate: events are written to a Kinesis source stream on the
 * embedded local stack, a filter/project pipeline writes them to a Kinesis sink stream, and a
 * reader measures event in → row at sink.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { compile } from '../compiler/index.ts';
import { makeKinesis } from '../functions/aws/clients.ts';
import { synthPipeline } from '../infra/synth.ts';
import { deployAssembly } from '../localstack/deploy-assembly.ts';
import { startLocalStack } from '../localstack/index.ts';
import { bundleHandler } from '../ops/bundle/bundle-handler.ts';
import { treeRss } from './rss.ts';

export interface LatencyResult {
  readonly ratePerSec: number;
  readonly seconds: number;
  readonly rows: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly stackRssBytes: number;
}

const SQL = `CREATE TABLE src (id BIGINT, sent BIGINT, name TEXT) WITH (connector = 'kinesis', stream_name = 'bench-in',
  'source.offset' = 'earliest', format = 'json', type = 'source');
CREATE TABLE dst WITH (connector = 'kinesis', stream_name = 'bench-out', format = 'json', type = 'sink');
INSERT INTO dst SELECT id, sent, upper(name) AS name FROM src WHERE id % 10 <> 3;`;

async function createStream(kinesis: KinesisClient, name: string, shards: number): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: name });
}

export async function latency(ratePerSec = 2000, seconds = 20, warmupSeconds = 3): Promise<LatencyResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
  const log = process.env.SLUICE_LOG ? (line: string) => process.stderr.write(`  | ${line}\n`) : undefined;
  const stack = await startLocalStack({ port: 0, dataDir, ...(log ? { log } : {}) });
  try {
    const kinesis = makeKinesis({ endpoint: stack.endpoint });
    await createStream(kinesis, 'bench-in', 2);
    await createStream(kinesis, 'bench-out', 1);
    const spec = compile(SQL, { name: 'latency', baseDir: dataDir, parallelism: 2 });
    const bundleFile = await bundleHandler(join(dataDir, 'build'));
    const synth = await synthPipeline({
      spec,
      outDir: join(dataDir, 'cdk.out'),
      bundleFile,
      validate: false,
    });
    await deployAssembly({
      assemblyDir: synth.assemblyDir,
      stackName: synth.stackName,
      endpoint: stack.endpoint,
    });

    const latencies: number[] = [];
    let reading = true;
    const start = Date.now();
    const warmupUntil = start + warmupSeconds * 1000;
    const shardId = (await kinesis.send(new ListShardsCommand({ StreamName: 'bench-out' }))).Shards?.[0]
      ?.ShardId;
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: 'bench-out',
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    const reader = (async () => {
      while (reading && iterator) {
        const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        const now = Date.now();
        for (const r of res.Records ?? []) {
          const row = JSON.parse(new TextDecoder().decode(r.Data)) as { sent: number };
          if (row.sent >= warmupUntil) latencies.push(now - row.sent);
        }
        iterator = res.NextShardIterator;
        if ((res.Records ?? []).length === 0) await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const tickMs = 10;
    const perTick = Math.round((ratePerSec * tickMs) / 1000);
    let id = 0;
    let rssPeak = 0;
    for (let tick = 0; Date.now() - start < seconds * 1000; tick++) {
      const due = start + tick * tickMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sent = Date.now();
      const records = Array.from({ length: perTick }, () => {
        id++;
        return {
          Data: new TextEncoder().encode(JSON.stringify({ id, sent, name: `n${id % 97}` })),
          PartitionKey: `k${id}`,
        };
      });
      void kinesis.send(new PutRecordsCommand({ StreamName: 'bench-in', Records: records }));
      if (tick % 100 === 0) {
        rssPeak = Math.max(rssPeak, treeRss(process.pid));
        if (process.env.SLUICE_BENCH_DEBUG) console.error(JSON.stringify(stack.lambda?.stats()));
      }
    }
    await new Promise((r) => setTimeout(r, 3000));
    reading = false;
    await reader;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN;
    return {
      ratePerSec,
      seconds,
      rows: latencies.length,
      p50Ms: pct(50),
      p99Ms: pct(99),
      maxMs: latencies.at(-1) ?? NaN,
      stackRssBytes: rssPeak,
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
