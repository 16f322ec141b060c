import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { GetFunctionConfigurationCommand, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeLambda } from '../../../functions/aws/clients.ts';
import { synthPipeline } from '../../../infra/synth.ts';
import { type DeployAssemblyResult, deployAssembly } from '../../../localstack/deploy-assembly.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { loadPipeline } from '../../../ops/load-pipeline.ts';
import { deletePipelineResources } from '../../support/delete-pipeline-resources.ts';
import { SinkStreamReader } from '../../support/sink-stream.ts';

/**
 * The parity suite: synthesize, deploy the assembly, run, compare. It runs on the embedded local
 * stack in `npm test`, and on any endpoint with `npm run test:localstack` (SLUICE_TEST_ENDPOINT,
 * e.g. LocalStack at http://localhost:4566), where it first deletes what an earlier run left.
 */
const external = process.env.SLUICE_TEST_ENDPOINT;
let stack: LocalStack | undefined;
let endpoint: string;
let work: string;
let spec: PipelineSpec;
let assemblyDir: string;
let result: DeployAssemblyResult;
let clients: {
  dynamo: ReturnType<typeof makeDynamo>;
  kinesis: ReturnType<typeof makeKinesis>;
  lambda: ReturnType<typeof makeLambda>;
};

async function createUserStream(name: string, shards: number): Promise<void> {
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntilStreamExists(
    { client: clients.kinesis, maxWaitTime: 30, minDelay: 1 },
    { StreamName: name },
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sluice-parity-'));
  spec = await loadPipeline('examples/kinesis-tumble.sql', 2);
  assemblyDir = (await synthPipeline({ spec, outDir: join(work, 'cdk.out') })).assemblyDir;
  await freshEndpoint();
});

/** The embedded stack started anew, or the external endpoint cleared of this pipeline's resources. */
async function freshEndpoint(): Promise<void> {
  if (external) {
    endpoint = external;
  } else {
    await stack?.stop();
    stack = await startLocalStack({
      port: 0,
      ...(process.env.SLUICE_LOG ? { log: (l: string) => console.error(l) } : {}),
    });
    endpoint = stack.endpoint;
  }
  clients = {
    dynamo: makeDynamo({ endpoint }),
    kinesis: makeKinesis({ endpoint }),
    lambda: makeLambda({ endpoint }),
  };
  if (external) await deletePipelineResources(clients, 'sluice-kinesis-tumble', ['clicks', 'page-counts']);
}

afterAll(async () => {
  await stack?.stop();
  await rm(work, { recursive: true, force: true });
});

describe(`deployAssembly onto ${external ? external : 'the embedded local stack'}`, () => {
  it("refuses to map a user's stream that does not exist, naming it", async () => {
    await expect(deployAssembly({ assemblyDir, endpoint })).rejects.toMatchObject({
      code: 'ASSEMBLY_STREAM_MISSING',
      streamName: 'clicks',
    });
    // start over: the failed attempt created the table and streams
    await freshEndpoint();
  });

  it('creates the table, the streams with their shard counts, the functions and the mappings', async () => {
    await createUserStream('clicks', 2);
    await createUserStream('page-counts', 1);
    const steps: string[] = [];
    result = await deployAssembly({ assemblyDir, endpoint, onStep: (s) => steps.push(s) });
    expect(steps.length).toBeGreaterThan(0);
    expect(result.stackName).toBe('sluice-kinesis-tumble');

    const table = await clients.dynamo.send(new DescribeTableCommand({ TableName: 'sluice-kinesis-tumble' }));
    expect(table.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);

    expect(result.streams).toEqual([{ name: 'sluice-kinesis-tumble-edge-s2', shards: 2 }]);
    const edge = await clients.kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: 'sluice-kinesis-tumble-edge-s2' }),
    );
    expect(edge.StreamDescriptionSummary?.OpenShardCount).toBe(2);

    expect([...result.functions].sort()).toEqual(
      ['sluice-kinesis-tumble-clock', 'sluice-kinesis-tumble-s1', 'sluice-kinesis-tumble-s2'].sort(),
    );
    for (const stage of spec.stages) {
      const fn = await clients.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: `sluice-kinesis-tumble-${stage.id}` }),
      );
      expect(fn.Environment?.Variables).toEqual({
        SLUICE_STAGE_ID: stage.id,
        SLUICE_TABLE: 'sluice-kinesis-tumble',
      });
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 60,
      });
    }

    const mappings =
      (await clients.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
    expect(mappings).toHaveLength(2);
    const byFn = (name: string) => mappings.find((m) => m.FunctionArn?.endsWith(`:${name}`));
    expect(byFn('sluice-kinesis-tumble-s1')).toMatchObject({
      EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
      StartingPosition: 'LATEST',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 82800,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // the stack's on-failure bucket, created on the local S3 (the emulator writes given-up batches there)
    expect(byFn('sluice-kinesis-tumble-s1')?.DestinationConfig?.OnFailure?.Destination).toMatch(
      /^arn:aws:s3:::pipelinefailedrecordsbucket[0-9a-f]{8}$/,
    );
    expect(byFn('sluice-kinesis-tumble-s2')).toMatchObject({
      EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/sluice-kinesis-tumble-edge-s2',
      StartingPosition: 'TRIM_HORIZON',
    });
  });

  it('returns the schedule and reports what the local stack cannot honour', () => {
    expect(result.schedules).toEqual([
      {
        rule: 'sluice-kinesis-tumble-clock',
        expression: 'rate(1 minute)',
        everyMs: 60_000,
        functionNames: ['sluice-kinesis-tumble-clock'],
      },
    ]);
    const types = new Set(result.report.map((r) => r.type));
    for (const t of [
      'AWS::IAM::Role',
      'AWS::IAM::Policy',
      'AWS::S3::BucketPolicy',
      'AWS::CloudWatch::Dashboard',
      'AWS::CloudWatch::Alarm',
    ]) {
      expect(types).toContain(t);
    }
    expect(result.report.some((r) => r.resource.endsWith('.StreamEncryption'))).toBe(true);
    expect(result.report.some((r) => r.resource.endsWith('.SSESpecification'))).toBe(true);
    // an S3 on-failure destination is honoured locally (SQS/SNS ones are reported)
    expect(result.report.some((r) => r.resource.endsWith('.DestinationConfig'))).toBe(false);
    for (const r of result.report) expect(r.reason.length).toBeGreaterThan(5);
  });

  it('runs the deployed pipeline: clicks in, per-page window counts out', async () => {
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const events = [
      ...Array.from({ length: 30 }, (_, i) => ({
        user_id: i,
        page: i % 3 === 0 ? '/a' : '/b',
        ts: new Date(t0 + i * 1000).toISOString(),
      })),
    ];
    // moves the watermark of both source shards past the first window's end (+5 s allowed lateness)
    const late = { user_id: 99, page: '/c', ts: new Date(t0 + 130_000).toISOString() };
    await clients.kinesis.send(
      new PutRecordsCommand({
        StreamName: 'clicks',
        Records: [
          ...events.map((e, i) => ({
            Data: new TextEncoder().encode(JSON.stringify(e)),
            PartitionKey: `k${i}`,
          })),
          ...['0', (2n ** 127n).toString()].map((hashKey) => ({
            Data: new TextEncoder().encode(JSON.stringify(late)),
            PartitionKey: 'late',
            ExplicitHashKey: hashKey,
          })),
        ],
      }),
    );
    // a wait on the rows, never a deadline that ends early and compares a partial answer
    const rows = await new SinkStreamReader(clients.kinesis, 'page-counts').until(
      'the two window rows',
      (r) => r.length >= 2,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.page, r.clicks]));
    expect(counts).toEqual({ '/a': 10, '/b': 20 });
  });
});
