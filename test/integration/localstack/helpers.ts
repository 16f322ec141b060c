import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateStreamCommand,
  type KinesisClient,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { waitUntil } from '../../support/wait-until.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/localstack/handler/index.mjs', import.meta.url));

export const arnOf = (stream: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`;

/**
 * Polls `cond` until it holds; fails (with `what`) after `timeoutMs`. Not a timing assertion: the
 * bound only names a stall, so it sits far above what a loaded machine takes (waitUntil's default).
 */
export async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs?: number,
): Promise<void> {
  await waitUntil(what, cond, { pauseMs: 50, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
}

export function fixtureZip(): Uint8Array {
  return zipSync({ 'index.mjs': readFileSync(FIXTURE) });
}

export async function createFixtureFunction(
  lambda: LambdaClient,
  name: string,
  env: Record<string, string>,
  timeout = 10,
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Role: 'arn:aws:iam::000000000000:role/test',
      Handler: 'index.handler',
      Code: { ZipFile: fixtureZip() },
      Timeout: timeout,
      Environment: { Variables: env },
    }),
  );
}

export async function createStream(kinesis: KinesisClient, name: string, shards: number): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: name });
}

/** Puts `data` (in order, 500 per call) with partition keys `pk(i)`; returns the sequence numbers. */
export async function putAll(
  kinesis: KinesisClient,
  stream: string,
  data: readonly string[],
  pk: (i: number) => string = (i) => `k${i}`,
): Promise<{ shardId: string; seq: string; data: string }[]> {
  const out: { shardId: string; seq: string; data: string }[] = [];
  for (let i = 0; i < data.length; i += 500) {
    const chunk = data.slice(i, i + 500);
    const res = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: chunk.map((d, j) => ({ PartitionKey: pk(i + j), Data: Buffer.from(d) })),
      }),
    );
    if (res.FailedRecordCount) throw new Error(`${res.FailedRecordCount} records failed`);
    res.Records!.forEach((r, j) => {
      out.push({ shardId: r.ShardId!, seq: r.SequenceNumber!, data: chunk[j]! });
    });
  }
  return out;
}

export interface Invocation {
  requestId: string;
  shardId: string;
  seqs: string[];
  data: string[];
  first: Record<string, unknown>;
}

export function invocations(outDir: string, fn: string): Invocation[] {
  const file = join(outDir, `${fn}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Invocation);
}
