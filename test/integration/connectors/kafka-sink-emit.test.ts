import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkSpec, StageSpec } from '../../../compiler/spec/index.ts';
import { ROW_ID_HEADER } from '../../../functions/connectors/kafka/index.ts';
import { KafkaUnreachableError } from '../../../functions/connectors/kafka/kafka-client.ts';
import { closeKafkaProducers, emitKafkaSink } from '../../../functions/connectors/kafka/kafka-sink-emit.ts';
import { type KafkaMockCluster, startKafkaMock } from '../../../localstack/kafka/index.ts';

let cluster: KafkaMockCluster;
beforeAll(async () => {
  cluster = await startKafkaMock();
});
afterAll(async () => {
  await closeKafkaProducers();
  await cluster?.stop();
});

const sinkOf = (servers: readonly string[]): Extract<SinkSpec, { kind: 'kafka' }> => ({
  kind: 'kafka',
  table: 'totals',
  bootstrapServers: [...servers],
  topic: 'totals',
  auth: { kind: 'none' },
  clientConfigs: {},
  keyField: null,
  timestampField: null,
  format: 'json',
});
const stage = (sink: SinkSpec): StageSpec => ({
  id: 's2',
  label: 'sink',
  parallelism: 1,
  input: { kind: 'edge', stream: 'edge-s2', from: ['s1'] },
  operators: [],
  output: { kind: 'sink', sink },
  schema: [
    { name: 'k', type: 'string', nullable: false },
    { name: 'n', type: 'int', nullable: false },
  ],
});

describe('the kafka sink stage emit', () => {
  it('sends each output with its deterministic row id in the header and as the key', async () => {
    const sink = sinkOf(cluster.brokers);
    const outs = [
      { seq: '5', t: 0, row: { k: 'a', n: 1 }, id: undefined },
      { seq: '5', t: 0, row: { k: 'b', n: 2 }, id: undefined },
      { seq: '6', t: 0, row: { k: 'c', n: 3 }, id: 'w:c' },
    ];
    await emitKafkaSink(stage(sink), 'shardId-000', sink, outs);
    const kafka = new Kafka({ clientId: 't', brokers: [...cluster.brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: 'check-emit', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'totals', fromBeginning: true });
    const got: { key: string; id: string; value: string }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push({
            key: String(message.key),
            id: String(message.headers?.[ROW_ID_HEADER]),
            value: String(message.value),
          });
          if (got.length === 3) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(got.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { key: 's2:shardId-000:5:0', id: 's2:shardId-000:5:0', value: '{"k":"a","n":1}' },
      { key: 's2:shardId-000:5:1', id: 's2:shardId-000:5:1', value: '{"k":"b","n":2}' },
      { key: 'w:c', id: 'w:c', value: '{"k":"c","n":3}' },
    ]);
  });

  it('an unreachable broker: KAFKA_UNREACHABLE naming the address and the fix', async () => {
    const sink = sinkOf(['127.0.0.1:9']);
    const err = await emitKafkaSink(stage(sink), 'x', sink, [
      { seq: '1', t: 0, row: { k: 'a', n: 1 }, id: undefined },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaUnreachableError);
    expect((err as KafkaUnreachableError).code).toBe('KAFKA_UNREACHABLE');
    expect((err as Error).message).toContain('cannot reach Kafka at 127.0.0.1:9');
    expect((err as Error).message).toContain('fix bootstrap_servers');
  });
});
