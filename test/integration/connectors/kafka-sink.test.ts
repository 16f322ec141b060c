import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaSinkProducer, ROW_ID_HEADER } from '../../../functions/connectors/kafka/index.ts';
import { type KafkaMockCluster, startKafkaMock } from '../../../localstack/kafka/index.ts';

let cluster: KafkaMockCluster;
beforeAll(async () => {
  cluster = await startKafkaMock();
});
afterAll(async () => {
  await cluster?.stop();
});

describe("the Kafka sink's producer over the mock cluster", () => {
  it('sends each row with its id as key and header; a re-sent row lands in the same partition', async () => {
    const kafka = new Kafka({ clientId: 't', brokers: [...cluster.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const sink = new KafkaSinkProducer(producer, { topic: 'out', keyField: undefined, timestampField: 'ts' });
    const rows = ['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => ({
      rowId: `w0:${k}`,
      value: JSON.stringify({ k, n: i }),
      row: { k, n: i, ts: 1_700_000_000_000 + i },
    }));
    const first = await sink.send(rows);
    const again = await sink.send(rows.slice(0, 3)); // an epoch re-emitted after a crash
    expect(first.every((m) => m.errorCode === 0)).toBe(true);
    expect(again.every((m) => m.errorCode === 0)).toBe(true);

    const consumer = kafka.consumer({ groupId: 'check', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'out', fromBeginning: true });
    const got: { p: number; key: string; id: string; ts: string; value: string }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          got.push({
            p: partition,
            key: String(message.key),
            id: String(message.headers?.[ROW_ID_HEADER]),
            ts: message.timestamp,
            value: String(message.value),
          });
          if (got.length === 9) resolve();
        },
      });
    });
    await consumer.disconnect();
    await producer.disconnect();
    for (const m of got) {
      expect(m.key).toBe(m.id);
      const k = m.id.slice(3);
      expect(JSON.parse(m.value).k).toBe(k);
      expect(Number(m.ts)).toBe(1_700_000_000_000 + 'abcdef'.indexOf(k));
    }
    // the three duplicates: same id, same partition as their first copy
    const byId = new Map<string, Set<number>>();
    for (const m of got) byId.set(m.id, (byId.get(m.id) ?? new Set()).add(m.p));
    expect([...byId.values()].every((ps) => ps.size === 1)).toBe(true);
    expect(got.filter((m) => ['w0:a', 'w0:b', 'w0:c'].includes(m.id))).toHaveLength(6);
  });
});
