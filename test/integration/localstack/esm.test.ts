import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KinesisClient, ListShardsCommand, UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { CreateEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKinesis, makeLambda } from '../../../functions/aws/clients.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import {
  arnOf,
  createFixtureFunction,
  createStream,
  type Invocation,
  invocations,
  putAll,
  waitFor,
} from './helpers.ts';

type Put = Awaited<ReturnType<typeof putAll>>[number];

/** Records of the invocations that succeeded per shard, in invocation order. */
function deliveredByShard(
  invs: Invocation[],
  ok: (inv: Invocation) => boolean = () => true,
): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const inv of invs.filter(ok)) m.set(inv.shardId, [...(m.get(inv.shardId) ?? []), ...inv.seqs]);
  return m;
}

function expectedByShard(puts: Put[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of puts) m.set(p.shardId, [...(m.get(p.shardId) ?? []), p.seq]);
  return m;
}

describe('Kinesis event source mappings', () => {
  let stack: LocalStack;
  let lambda: LambdaClient;
  let kinesis: KinesisClient;
  const outDir = mkdtempSync(join(tmpdir(), 'sluice-esm-'));
  beforeAll(async () => {
    stack = await startLocalStack({ port: 0 });
    lambda = makeLambda({ endpoint: stack.endpoint });
    kinesis = makeKinesis({ endpoint: stack.endpoint });
  });
  afterAll(async () => {
    lambda?.destroy();
    kinesis?.destroy();
    await stack?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  const mapping = (
    fn: string,
    stream: string,
    extra: Partial<CreateEventSourceMappingCommand['input']> = {},
  ) =>
    lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn,
        EventSourceArn: arnOf(stream),
        StartingPosition: 'TRIM_HORIZON',
        ...extra,
      }),
    );

  it('delivers every record exactly once, in order per shard, in batches of at most BatchSize', async () => {
    await createStream(kinesis, 'ordered', 2);
    await createFixtureFunction(lambda, 'ordered-fn', { OUT_DIR: outDir });
    const puts = await putAll(
      kinesis,
      'ordered',
      Array.from({ length: 600 }, (_, i) => `r${i}`),
      (i) => `key-${i % 17}`,
    );
    const m = await mapping('ordered-fn', 'ordered', { BatchSize: 25 });
    await waitFor(
      'all records',
      () => invocations(outDir, 'ordered-fn').reduce((n, i) => n + i.seqs.length, 0) >= 600,
    );
    const invs = invocations(outDir, 'ordered-fn');
    expect(Math.max(...invs.map((i) => i.seqs.length))).toBeLessThanOrEqual(25);
    expect(deliveredByShard(invs)).toEqual(expectedByShard(puts));
    expect(new Set(invs.map((i) => i.shardId)).size).toBe(2);

    const first = invs[0]!.first as { kinesis: { sequenceNumber: string; data: string } };
    const put = puts.find((p) => p.seq === first.kinesis.sequenceNumber)!;
    expect(invs[0]!.first).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: expect.stringMatching(/^key-/),
        sequenceNumber: put.seq,
        data: Buffer.from(put.data).toString('base64'),
        approximateArrivalTimestamp: expect.any(Number),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${put.shardId}:${put.seq}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/test',
      awsRegion: 'us-east-1',
      eventSourceARN: arnOf('ordered'),
    });
    await waitFor('stats', () => {
      const st = stack.lambda!.stats().find((s) => s.uuid === m.UUID)!;
      return st.shards.reduce((n, s) => n + s.records, 0) === 600;
    });
    const st = stack.lambda!.stats().find((s) => s.uuid === m.UUID)!;
    expect(st.shards).toHaveLength(2);
    for (const s of st.shards) {
      expect(s.lastSequenceNumber).toBe(expectedByShard(puts).get(s.shardId)!.at(-1));
      expect(s.errors).toBe(0);
    }
  });

  it('restarts from the lowest failed sequence number under ReportBatchItemFailures', async () => {
    await createStream(kinesis, 'rbif', 1);
    await createFixtureFunction(lambda, 'rbif-fn', { OUT_DIR: outDir, MODE: 'rbif' });
    const data = Array.from({ length: 10 }, (_, i) => (i === 4 || i === 7 ? `fail-once-${i}` : `ok-${i}`));
    const puts = await putAll(kinesis, 'rbif', data);
    await mapping('rbif-fn', 'rbif', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    await waitFor('retries', () => invocations(outDir, 'rbif-fn').length >= 2);
    const seqs = puts.map((p) => p.seq);
    await waitFor('checkpoint', () =>
      stack.lambda!.stats().some((s) => s.shards[0]?.lastSequenceNumber === seqs[9]),
    );
    const invs = invocations(outDir, 'rbif-fn');
    expect(invs[0]!.seqs).toEqual(seqs);
    // both 4 and 7 failed: restart from the lowest (4); record 7 is marked failed only once
    expect(invs[1]!.seqs).toEqual(seqs.slice(4));
    expect(invs).toHaveLength(2);
  });

  it('bisects to isolate a poison record and reports it to the on-failure list', async () => {
    await createStream(kinesis, 'poison', 1);
    await createFixtureFunction(lambda, 'poison-fn', { OUT_DIR: outDir });
    const data = Array.from({ length: 8 }, (_, i) => (i === 5 ? 'poison' : `ok-${i}`));
    const puts = await putAll(kinesis, 'poison', data);
    const m = await mapping('poison-fn', 'poison', {
      BatchSize: 8,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:dlq' } },
    });
    await waitFor('on-failure report', () =>
      stack.lambda!.failedBatches().some((f) => f.mappingUuid === m.UUID),
    );
    const seqs = puts.map((p) => p.seq);
    await waitFor('checkpoint', () =>
      stack.lambda!.stats().some((s) => s.uuid === m.UUID && s.shards[0]?.lastSequenceNumber === seqs[7]),
    );
    const failed = stack.lambda!.failedBatches().filter((f) => f.mappingUuid === m.UUID);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      destination: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: seqs[5],
        endSequenceNumber: seqs[5],
        batchSize: 1,
        streamArn: arnOf('poison'),
      },
    });
    const invs = invocations(outDir, 'poison-fn');
    const okSeqs = invs.filter((i) => !i.data.includes('poison')).flatMap((i) => i.seqs);
    expect(okSeqs.sort()).toEqual(seqs.filter((_, i) => i !== 5).sort());
    // the poison record alone was tried 1 + MaximumRetryAttempts times
    expect(invs.filter((i) => i.seqs.length === 1 && i.data[0] === 'poison')).toHaveLength(2);
  });

  it('retries a timed-out batch while the zombie invocation keeps running', async () => {
    await createStream(kinesis, 'slow', 1);
    await createFixtureFunction(
      lambda,
      'slow-fn',
      { OUT_DIR: outDir, MODE: 'slow-first', SLOW_MS: '2500' },
      1,
    );
    const puts = await putAll(kinesis, 'slow', ['a', 'b', 'c']);
    const m = await mapping('slow-fn', 'slow', { BatchSize: 10 });
    await waitFor('retry', () => invocations(outDir, 'slow-fn').length >= 2);
    const invs = invocations(outDir, 'slow-fn');
    expect(invs[1]!.seqs).toEqual(invs[0]!.seqs);
    expect(invs[0]!.seqs).toEqual(puts.map((p) => p.seq));
    // the retry ran while the first invocation was still sleeping
    expect(existsSync(join(outDir, 'slow-started'))).toBe(true);
    await waitFor('zombie to finish', () => existsSync(join(outDir, 'zombie-finished')));
    const st = stack.lambda!.stats().find((s) => s.uuid === m.UUID)!;
    expect(st.shards[0]!.errors).toBeGreaterThanOrEqual(1);
  });

  it('follows child shards after UpdateShardCount', async () => {
    await createStream(kinesis, 'reshard', 2);
    await createFixtureFunction(lambda, 'reshard-fn', { OUT_DIR: outDir });
    const before = await putAll(
      kinesis,
      'reshard',
      Array.from({ length: 200 }, (_, i) => `a${i}`),
    );
    const m = await mapping('reshard-fn', 'reshard', { BatchSize: 50 });
    await waitFor(
      'first records',
      () => invocations(outDir, 'reshard-fn').reduce((n, i) => n + i.seqs.length, 0) >= 200,
    );
    await kinesis.send(
      new UpdateShardCountCommand({
        StreamName: 'reshard',
        TargetShardCount: 3,
        ScalingType: 'UNIFORM_SCALING',
      }),
    );
    const after = await putAll(
      kinesis,
      'reshard',
      Array.from({ length: 300 }, (_, i) => `b${i}`),
    );
    await waitFor(
      'all records',
      () => invocations(outDir, 'reshard-fn').reduce((n, i) => n + i.seqs.length, 0) >= 500,
    );
    const invs = invocations(outDir, 'reshard-fn');
    expect(deliveredByShard(invs)).toEqual(expectedByShard([...before, ...after]));
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: 'reshard' }))).Shards!;
    const open = shards.filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber).map((s) => s.ShardId!);
    expect(open).toHaveLength(3);
    expect(new Set(after.map((p) => p.shardId))).toEqual(new Set(open));
    await waitFor('parents closed', () =>
      stack
        .lambda!.stats()
        .find((s) => s.uuid === m.UUID)!
        .shards.filter((s) => s.state === 'closed')
        .map((s) => s.shardId)
        .includes('shardId-000000000000'),
    );
  });
});
