import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKinesis, makeLambda, makeS3 } from '../../../functions/aws/clients.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { arnOf, createFixtureFunction, createStream, invocations, putAll, waitFor } from './helpers.ts';

/**
 * An S3 on-failure destination receives the records of a batch the mapping gave up on (SQS/SNS get
 * only its sequence range), and the shard moves past that batch only once the destination took
 * it: while the bucket is missing, the poller retries the delivery and skips nothing.
 */
describe('Kinesis event source mapping with an S3 on-failure destination', () => {
  let stack: LocalStack;
  let lambda: LambdaClient;
  let kinesis: KinesisClient;
  let s3: S3Client;
  const logs: string[] = [];
  const outDir = mkdtempSync(join(tmpdir(), 'sluice-esm-s3-'));
  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, log: (l) => logs.push(l) });
    lambda = makeLambda({ endpoint: stack.endpoint });
    kinesis = makeKinesis({ endpoint: stack.endpoint });
    s3 = makeS3({ endpoint: stack.endpoint });
  });
  afterAll(async () => {
    lambda?.destroy();
    kinesis?.destroy();
    s3?.destroy();
    await stack?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes the given-up batch with its records, retrying until the bucket takes it', async () => {
    const bucket = 'failed-records-test';
    await createStream(kinesis, 'to-s3', 1);
    await createFixtureFunction(lambda, 'to-s3-fn', { OUT_DIR: outDir });
    const puts = await putAll(kinesis, 'to-s3', ['ok-0', 'ok-1', 'poison', 'ok-3']);
    const seqs = puts.map((p) => p.seq);
    const m = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'to-s3-fn',
        EventSourceArn: arnOf('to-s3'),
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 4,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:s3:::${bucket}` } },
      }),
    );
    const shard = () => stack.lambda!.stats().find((s) => s.uuid === m.UUID)?.shards[0];

    // The bucket does not exist yet: the delivery fails and is retried; the shard holds at ok-1.
    await waitFor('a refused delivery', () =>
      logs.some((l) => l.includes(`${bucket} did not take ${seqs[2]}`)),
    );
    expect(stack.lambda!.failedBatches().filter((f) => f.mappingUuid === m.UUID)).toEqual([]);
    expect(shard()?.discardedBatches).toBe(0);
    expect(shard()?.lastSequenceNumber).toBe(seqs[1]);

    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await waitFor('the shard to move past the batch', () => shard()?.lastSequenceNumber === seqs[3]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(
      new RegExp(
        `^aws/lambda/${m.UUID}/shardId-000000000000/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}$`,
      ),
    );
    const body = JSON.parse(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }))).Body!.transformToString(),
    ) as {
      requestContext: { condition: string };
      KinesisBatchInfo: { startSequenceNumber: string; endSequenceNumber: string; batchSize: number };
      payload: { Records: { kinesis: { data: string; sequenceNumber: string } }[] };
    };
    expect(body.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(body.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: seqs[2],
      endSequenceNumber: seqs[2],
      batchSize: 1,
    });
    // the records themselves, not only their range
    expect(
      body.payload.Records.map((r) => [
        r.kinesis.sequenceNumber,
        Buffer.from(r.kinesis.data, 'base64').toString(),
      ]),
    ).toEqual([[seqs[2], 'poison']]);
    // everything else was processed
    const ok = invocations(outDir, 'to-s3-fn')
      .filter((i) => !i.data.includes('poison'))
      .flatMap((i) => i.seqs);
    expect(ok.sort()).toEqual([seqs[0], seqs[1], seqs[3]].sort());
  });
});
