import { CreateStreamCommand, PutRecordsCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PipelineSpec, resourceNames } from '../../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeS3 } from '../../../functions/aws/clients.ts';
import { runCloudIngest } from '../../../functions/connectors/cloud-ingest.ts';
import { publishPendingSinks } from '../../../functions/connectors/s3/s3-sink-pending.ts';
import { handleWith } from '../../../functions/handler.ts';
import { runClock } from '../../../functions/runtime/clock-tick.ts';
import { createStageContext } from '../../../functions/runtime/stage-context.ts';
import { inputStreamName, stageById } from '../../../functions/wire/topology.ts';
import type { CfnTemplateDoc } from '../../../localstack/assembly/read-assembly.ts';
import { type AwsCall, iamRequests, recordCalls } from '../../support/aws-call-recorder.ts';
import { allows, type IamRequest, type IamStatement, policiesByFunction } from '../../support/iam-eval.ts';
import { buildStack, specOf } from '../../unit/infra/helpers.ts';
import { deployPipeline, emulatorsForFile, kinesisEvent, readShard, shardIds } from '../functions/harness.ts';

/**
 * The grants of the synthesized stack cover what the runtime does (the local stack enforces no
 * IAM, so this is where a grant that is too narrow shows): each role's runtime runs against the
 * embedded stack with clients that record every call, and every call's IAM request must be allowed
 * by that function's policy in the template, evaluated as IAM would (test/support/iam-eval.ts).
 */
const T0 = Date.UTC(2024, 0, 1);
const BUCKET = 'grants-lake';

const env = emulatorsForFile();
let s3: S3Client;

beforeAll(async () => {
  s3 = makeS3({ endpoint: env.stack.endpoint });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

/** Clients for one role, recording every call into `calls`. */
function roleClients(calls: AwsCall[]) {
  const opts = { endpoint: env.stack.endpoint };
  return {
    dynamo: recordCalls(makeDynamo(opts), 'dynamodb', calls),
    kinesis: recordCalls(makeKinesis(opts), 'kinesis', calls),
    s3: recordCalls(makeS3(opts), 's3', calls),
  };
}

/** The requests of `calls` that `statements` do not allow, as `command action resource context`. */
function denied(statements: readonly IamStatement[], calls: readonly AwsCall[]): string[] {
  return iamRequests(calls).flatMap(({ call, requests }) =>
    requests
      .filter((r) => !allows(statements, r))
      .map((r) => `${call.command} ${r.action} ${r.resource} ${JSON.stringify(r.context)}`),
  );
}

const commands = (calls: readonly AwsCall[]) => new Set(calls.map((c) => `${c.service}:${c.command}`));

function policiesOf(spec: PipelineSpec): Map<string, IamStatement[]> {
  return policiesByFunction(buildStack(spec).template.toJSON() as CfnTemplateDoc);
}

async function invokeStage(spec: PipelineSpec, stageId: string, calls: AwsCall[]): Promise<void> {
  const stream = inputStreamName(spec, stageById(spec, stageId));
  const c = roleClients(calls);
  for (const shard of await shardIds(env.kinesis, stream)) {
    const records = await readShard(env.kinesis, stream, shard);
    if (records.length === 0) continue;
    const ctx = createStageContext({ spec, stageId, table: resourceNames.table(spec.name), ...c });
    await handleWith(ctx, kinesisEvent(records));
  }
}

describe('cloud grants cover the runtime', () => {
  it('kinesis source (idle clock) → window → filesystem sink: stages and clock', async () => {
    const spec = specOf(
      `CREATE TABLE clicks (page TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
         WITH (connector = 'kinesis', stream_name = 'grants-clicks', 'source.offset' = 'earliest',
               format = 'json', type = 'source', idle_micros = '1000000');
       CREATE TABLE counts WITH (connector = 'filesystem', path = 's3://${BUCKET}/out/', format = 'json', type = 'sink');
       INSERT INTO counts SELECT window.start AS ws, page, count(*) AS n FROM clicks
         GROUP BY tumble(interval '1 minute') AS window, page;`,
      'grants',
      1,
    );
    await deployPipeline(spec, env.dynamo, env.kinesis);
    // Two shards, records on one: the clock advances the idle one to the other's watermark.
    await env.kinesis.send(new CreateStreamCommand({ StreamName: 'grants-clicks', ShardCount: 2 }));
    await waitUntilStreamExists(
      { client: env.kinesis, maxWaitTime: 30, minDelay: 1 },
      { StreamName: 'grants-clicks' },
    );
    await env.kinesis.send(
      new PutRecordsCommand({
        StreamName: 'grants-clicks',
        Records: [0, 1, 2, 3].map((m) => ({
          Data: new TextEncoder().encode(JSON.stringify({ page: `p${m % 2}`, ts: T0 + m * 60_000 })),
          PartitionKey: 'one-shard',
        })),
      }),
    );
    const policies = policiesOf(spec);
    const s1: AwsCall[] = [];
    const s2: AwsCall[] = [];
    const clock: AwsCall[] = [];
    await invokeStage(spec, 's1', s1);
    await invokeStage(spec, 's2', s2);
    const c = roleClients(clock);
    const table = resourceNames.table(spec.name);
    // Two ticks: the first marks the idle source shard, the second advances its watermark (markers).
    for (const nowMs of [Date.now(), Date.now() + 3_600_000])
      await runClock({ spec, table, dynamo: c.dynamo, kinesis: c.kinesis, nowMs });
    await publishPendingSinks({ spec, table, dynamo: c.dynamo, s3: c.s3 });
    await invokeStage(spec, 's2', s2); // the clock's markers

    // The runs did what the grants are for (else the check below proves nothing).
    for (const k of ['dynamodb:GetItem', 'dynamodb:PutItem', 'kinesis:ListShards', 'kinesis:PutRecords'])
      expect(commands(s1)).toContain(k);
    for (const k of ['s3:PutObject', 's3:CopyObject', 's3:ListObjectsV2', 'dynamodb:BatchWriteItem'])
      expect(commands(s2)).toContain(k);
    // s2 lists the shards of s1's input (the user's stream) for its watermark's producers.
    expect(
      iamRequests(s2).some(({ requests }) => requests[0]?.resource.endsWith(':stream/grants-clicks')),
    ).toBe(true);
    for (const k of ['kinesis:GetRecords', 'kinesis:PutRecords', 'dynamodb:PutItem', 's3:ListObjectsV2'])
      expect(commands(clock)).toContain(k);

    expect(denied(policies.get('sluice-grants-s1')!, s1)).toEqual([]);
    expect(denied(policies.get('sluice-grants-s2')!, s2)).toEqual([]);
    expect(denied(policies.get('sluice-grants-clock')!, clock)).toEqual([]);
  });

  it('filesystem source → filesystem sink: the ingest function and the stage', async () => {
    const spec = specOf(
      `CREATE TABLE orders (id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts)
         WITH (connector = 'filesystem', path = 's3://${BUCKET}/in/', format = 'json', type = 'source');
       CREATE TABLE big WITH (connector = 'filesystem', path = 's3://${BUCKET}/big/', format = 'json', type = 'sink');
       INSERT INTO big SELECT id FROM orders WHERE id > 1;`,
      'grants-fs',
      1,
    );
    await deployPipeline(spec, env.dynamo, env.kinesis);
    const lines = [1, 2, 3].map((id) => JSON.stringify({ id, ts: T0 + id }));
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'in/part-0.jsonl', Body: `${lines.join('\n')}\n` }),
    );
    const policies = policiesOf(spec);
    const ingest: AwsCall[] = [];
    const s1: AwsCall[] = [];
    const c = roleClients(ingest);
    const streamName = inputStreamName(spec, stageById(spec, 's1'));
    const table = resourceNames.table(spec.name);
    for (let run = 0; run < 2; run++)
      await runCloudIngest({ spec, stageId: 's1', table, ...c, streamName, deadlineMs: Date.now() + 60_000 });
    await invokeStage(spec, 's1', s1);

    expect(commands(ingest)).toEqual(
      new Set([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'kinesis:ListShards',
        'kinesis:PutRecords',
        's3:ListObjectsV2',
        's3:GetObject',
      ]),
    );
    expect(commands(s1)).toContain('s3:CopyObject');
    expect(denied(policies.get('sluice-grants-fs-ingest-s1')!, ingest)).toEqual([]);
    expect(denied(policies.get('sluice-grants-fs-s1')!, s1)).toEqual([]);
  });

  it('would refuse what the runtime no longer does: the old staging folder, deleting published objects', () => {
    const spec = specOf(
      `CREATE TABLE ev (id BIGINT) WITH (connector = 'kinesis', stream_name = 'ev', format = 'json', type = 'source');
       CREATE TABLE out WITH (connector = 'filesystem', path = 's3://${BUCKET}/out/', format = 'json', type = 'sink');
       INSERT INTO out SELECT id FROM ev;`,
      'grants-neg',
      1,
    );
    const sink = policiesOf(spec).get('sluice-grants-neg-s1')!;
    const req = (action: string, key: string): IamRequest => ({
      action,
      resource: `arn:aws:s3:::${BUCKET}/${key}`,
      context: {},
    });
    expect(
      allows(sink, req('s3:PutObject', 'out/grants-neg/_sluice_staging/s1/shardId-0/000000000001.a.jsonl')),
    ).toBe(true);
    expect(
      allows(sink, req('s3:PutObject', 'out/_sluice_staging/grants-neg/s1/shardId-0/000000000001.a.jsonl')),
    ).toBe(false);
    expect(allows(sink, req('s3:PutObject', 'out/other-pipeline/s1/x.jsonl'))).toBe(false);
    expect(allows(sink, req('s3:DeleteObject', 'out/grants-neg/s1/shardId-0/000000000001.jsonl'))).toBe(
      false,
    );
    expect(allows(sink, req('s3:GetObject', 'out/grants-neg/s1/shardId-0/000000000001.jsonl'))).toBe(false);
    const list = (prefix: string): IamRequest => ({
      action: 's3:ListBucket',
      resource: `arn:aws:s3:::${BUCKET}`,
      context: { 's3:prefix': [prefix] },
    });
    expect(allows(sink, list('out/grants-neg/s1/shardId-0/'))).toBe(true);
    expect(allows(sink, list('out/'))).toBe(false);
    expect(allows(sink, { ...list(''), context: {} })).toBe(false);
  });
});
