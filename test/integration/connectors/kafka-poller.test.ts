import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaPartitionBatches, parseKafkaEsmEvent } from '../../../functions/connectors/kafka/index.ts';
import { type KafkaMockCluster, startKafkaMock } from '../../../localstack/kafka/index.ts';
import {
  type KafkaFailedBatch,
  KafkaPoller,
  type KafkaPollerSettings,
} from '../../../localstack/lambda/esm/kafka-poller.ts';
import type { InvokeResult } from '../../../localstack/lambda/function-worker.ts';

let cluster: KafkaMockCluster;
let kafka: Kafka;
let producer: Producer;
beforeAll(async () => {
  cluster = await startKafkaMock();
  kafka = new Kafka({ clientId: 't', brokers: [...cluster.brokers], logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await cluster?.stop();
});

const ok = (payload = 'null'): InvokeResult => ({ kind: 'ok', requestId: 'r', payload });
const fail = (): InvokeResult => ({
  kind: 'error',
  requestId: 'r',
  error: { errorType: 'Error', errorMessage: 'boom' },
  timedOut: false,
});

const settings = (s: Partial<KafkaPollerSettings> = {}): KafkaPollerSettings => ({
  batchSize: 10,
  windowMs: 100,
  bisect: false,
  maxRetries: -1,
  maxRecordAgeMs: undefined,
  reportBatchItemFailures: false,
  destination: undefined,
  ...s,
});

/** Offsets `p:o` of an event's records, in order, after checking its shape with the runtime decoder. */
function offsetsOf(event: string): string[] {
  const parsed = parseKafkaEsmEvent(JSON.parse(event));
  expect(parsed.eventSource).toBe('SelfManagedKafka');
  expect(parsed.bootstrapServers).toBe(cluster.brokers.join(','));
  return kafkaPartitionBatches(parsed).flatMap((b) =>
    b.lines.map((l) => `${b.partition}:${l.position.offset}`),
  );
}

async function produce(topic: string, counts: Record<number, number>): Promise<void> {
  for (const [p, n] of Object.entries(counts))
    for (let i = 0; i < n; i++)
      await producer.send({
        topic,
        messages: [{ partition: Number(p), key: `k${i}`, value: JSON.stringify({ i }) }],
      });
}

function poller(
  topic: string,
  group: string,
  s: KafkaPollerSettings,
  invoke: (e: string) => InvokeResult,
  failed?: KafkaFailedBatch[],
) {
  return new KafkaPoller({
    brokers: cluster.brokers,
    topic,
    groupId: group,
    startingPosition: 'TRIM_HORIZON',
    source: { eventSource: 'SelfManagedKafka', bootstrapServers: cluster.brokers },
    settings: () => s,
    invoke: async (e) => invoke(e),
    onFailed: async (f) => {
      failed?.push(f);
    },
  });
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the Kafka event source mapping poller over the mock cluster', () => {
  it('delivers every record once, in order per partition, in batches of at most BatchSize, and commits', async () => {
    await produce('batches', { 0: 23, 2: 5 });
    const calls: string[][] = [];
    const p = poller('batches', 'g-batches', settings(), (e) => {
      calls.push(offsetsOf(e));
      return ok();
    });
    await p.start();
    await until(() => calls.flat().length >= 28, '28 records');
    await until(() => p.stats.committed.get('batches-0') === '23', 'commit of partition 0');
    await p.stop();
    for (const c of calls) expect(c.length).toBeLessThanOrEqual(10);
    const flat = calls.flat();
    expect(flat.filter((x) => x.startsWith('0:'))).toEqual(Array.from({ length: 23 }, (_, i) => `0:${i}`));
    expect(flat.filter((x) => x.startsWith('2:'))).toEqual(Array.from({ length: 5 }, (_, i) => `2:${i}`));
    expect(p.stats.committed.get('batches-2')).toBe('5');
  });

  it('re-delivers a failed batch and commits nothing until it succeeds', async () => {
    await produce('retry', { 1: 4 });
    const calls: string[][] = [];
    let failures = 2;
    const p = poller('retry', 'g-retry', settings(), (e) => {
      calls.push(offsetsOf(e));
      return failures-- > 0 ? fail() : ok();
    });
    await p.start();
    await until(() => p.stats.batches === 1, 'a successful batch');
    await p.stop();
    expect(calls).toHaveLength(3);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[2]).toEqual(calls[0]);
    expect(calls[0]).toEqual(['1:0', '1:1', '1:2', '1:3']);
    expect(p.stats.errors).toBe(2);
    expect(p.stats.committed.get('retry-1')).toBe('4');
  });

  it('leaves a batch that never succeeded uncommitted: the next poller of the group gets it again', async () => {
    await produce('uncommitted', { 0: 3 });
    let firstCalls = 0;
    const counting = poller('uncommitted', 'g-unc', settings(), (e) => {
      firstCalls++;
      offsetsOf(e);
      return fail();
    });
    await counting.start();
    await until(() => firstCalls >= 2, 'two failed attempts');
    await counting.stop();
    expect(counting.stats.committed.size).toBe(0);
    const seen: string[][] = [];
    const second = poller('uncommitted', 'g-unc', settings(), (e) => {
      seen.push(offsetsOf(e));
      return ok();
    });
    await second.start();
    await until(() => second.stats.batches === 1, 'the re-delivered batch');
    await second.stop();
    expect(seen[0]).toEqual(['0:0', '0:1', '0:2']);
  });

  it('bisects a failing batch, gives up on the poison record after MaximumRetryAttempts and moves on', async () => {
    await produce('poison', { 3: 8 });
    const delivered = new Set<string>();
    const failed: KafkaFailedBatch[] = [];
    const p = poller(
      'poison',
      'g-poison',
      settings({ bisect: true, maxRetries: 1, destination: 'arn:aws:sqs:us-east-1:000000000000:dlq' }),
      (e) => {
        const offs = offsetsOf(e);
        if (offs.includes('3:5')) return fail();
        for (const o of offs) delivered.add(o);
        return ok();
      },
      failed,
    );
    await p.start();
    await until(
      () => p.stats.committed.get('poison-3') === '8',
      'the partition to move past the poison record',
    );
    await p.stop();
    expect([...delivered].sort()).toEqual(['3:0', '3:1', '3:2', '3:3', '3:4', '3:6', '3:7']);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.condition).toBe('RetryAttemptsExhausted');
    expect(failed[0]?.partitions).toEqual({ 'poison-3': { startOffset: '5', endOffset: '5', batchSize: 1 } });
  });

  it('with ReportBatchItemFailures, restarts a partition from its lowest failed offset only', async () => {
    await produce('partial', { 0: 6 });
    const calls: string[][] = [];
    let reported = false;
    const p = poller('partial', 'g-partial', settings({ reportBatchItemFailures: true }), (e) => {
      calls.push(offsetsOf(e));
      if (reported) return ok();
      reported = true;
      return ok(
        JSON.stringify({
          batchItemFailures: [{ itemIdentifier: { 'topic-partition': 'partial-0', offset: 4 } }],
        }),
      );
    });
    await p.start();
    await until(() => p.stats.committed.get('partial-0') === '6', 'commit of all 6');
    await p.stop();
    expect(calls[0]).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '0:5']);
    expect(calls[1]).toEqual(['0:4', '0:5']);
  });
});
