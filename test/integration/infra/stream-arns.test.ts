import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, PutRecordsCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { makeKinesis, makeLambda } from '../../../functions/aws/clients.ts';
import { synthPipeline } from '../../../infra/synth.ts';
import { deployAssembly } from '../../../localstack/deploy-assembly.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { ACCOUNT, REGION } from '../../../localstack/lambda/arns.ts';
import { SinkStreamReader } from '../../support/sink-stream.ts';

/**
 * A user's source and sink streams given by ARN (`stream_name = 'arn:aws:kinesis:…'`), as for a
 * stream of another account: the stack imports them by ARN, the mapping reads the ARN, and the
 * functions address the sink by StreamARN. Deployed from the assembly and run on the embedded stack.
 */
const arn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
let stack: LocalStack;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sluice-arns-'));
  stack = await startLocalStack({ port: 0, dataDir: work });
});

afterAll(async () => {
  await stack?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('user streams given by ARN', () => {
  it('deploys, reads the source by ARN and writes the sink by ARN', { timeout: 180_000 }, async () => {
    const sql = (await readFile('examples/kinesis-tumble.sql', 'utf8'))
      .replace("stream_name = 'clicks'", `stream_name = '${arn('arn-clicks')}'`)
      .replace("stream_name = 'page-counts'", `stream_name = '${arn('arn-page-counts')}'`);
    expect(sql).toContain(arn('arn-page-counts'));
    const spec = compile(sql, { name: 'arn-tumble', baseDir: 'examples', parallelism: 2 });
    const { assemblyDir } = await synthPipeline({ spec, outDir: join(work, 'cdk.out') });
    const template = await readFile(join(assemblyDir, 'sluice-arn-tumble.template.json'), 'utf8');
    expect(template).toContain(arn('arn-clicks'));

    const endpoint = stack.endpoint;
    const kinesis = makeKinesis({ endpoint });
    for (const [name, shards] of [
      ['arn-clicks', 2],
      ['arn-page-counts', 1],
    ] as const) {
      await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: name });
    }
    await deployAssembly({ assemblyDir, endpoint });
    const mappings = (await makeLambda({ endpoint }).send(new ListEventSourceMappingsCommand({})))
      .EventSourceMappings;
    expect(mappings?.map((m) => m.EventSourceArn)).toContain(arn('arn-clicks'));

    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const events = Array.from({ length: 30 }, (_, i) => ({
      user_id: i,
      page: i % 3 === 0 ? '/a' : '/b',
      ts: new Date(t0 + i * 1000).toISOString(),
    }));
    // past the first window's end (+5 s allowed lateness) on both source shards
    const late = { user_id: 99, page: '/c', ts: new Date(t0 + 130_000).toISOString() };
    const enc = (o: object) => new TextEncoder().encode(JSON.stringify(o));
    await kinesis.send(
      new PutRecordsCommand({
        StreamARN: arn('arn-clicks'),
        Records: [
          ...events.map((e, i) => ({ Data: enc(e), PartitionKey: `k${i}` })),
          ...['0', (2n ** 127n).toString()].map((h) => ({
            Data: enc(late),
            PartitionKey: 'late',
            ExplicitHashKey: h,
          })),
        ],
      }),
    );

    // a wait on the rows, never a deadline that ends early and compares a partial answer
    const rows = await new SinkStreamReader(kinesis, 'arn-page-counts').until(
      'the two window rows',
      (r) => r.length >= 2,
    );
    expect(Object.fromEntries(rows.map((r) => [r.page, r.clicks]))).toEqual({ '/a': 10, '/b': 20 });
  });
});
