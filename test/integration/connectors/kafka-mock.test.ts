import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../../localstack/child-watchdog.ts';
import { type KafkaMockCluster, startKafkaMock } from '../../../localstack/kafka/index.ts';

let cluster: KafkaMockCluster;
beforeAll(async () => {
  cluster = await startKafkaMock();
});
afterAll(async () => {
  await cluster?.stop();
});

async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('the local Kafka peer (librdkafka mock cluster through kcat)', () => {
  it('has three brokers, each listening on 127.0.0.1 only', () => {
    expect(cluster.brokers).toHaveLength(3);
    for (const b of cluster.brokers) expect(b).toMatch(/^127\.0\.0\.1:\d+$/);
    const listening = execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(`pid=${cluster.pid},`));
    expect(listening).toHaveLength(3);
    for (const l of listening) expect(l).toMatch(/\s127\.0\.0\.1:\d+\s/);
  });

  it('auto-creates a topic with 4 partitions; produce, group consume and committed offsets work', async () => {
    const kafka = new Kafka({ clientId: 't', brokers: [...cluster.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const topic = 'orders';
    const sent = await producer.send({
      topic,
      messages: [0, 1, 2, 3].flatMap((p) =>
        [0, 1].map((i) => ({
          partition: p,
          key: `k${p}`,
          value: JSON.stringify({ p, i }),
          headers: { h: `v${i}` },
        })),
      ),
    });
    expect(sent.map((s) => s.partition).sort()).toEqual([0, 1, 2, 3]);
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(4);
    // no CreateTopics in the mock: the limit the local stack documents
    await expect(admin.createTopics({ topics: [{ topic: 'two', numPartitions: 2 }] })).rejects.toThrow();

    const consumer = kafka.consumer({ groupId: 'g1', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: string[] = [];
    const all = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          got.push(`${partition}:${message.offset}:${message.key}:${message.value}:${message.headers?.h}`);
          if (got.length === 8) resolve();
        },
      });
    });
    await all;
    await consumer.disconnect(); // autoCommit commits on the way out
    expect(got.sort()).toEqual(
      [0, 1, 2, 3]
        .flatMap((p) => [0, 1].map((i) => `${p}:${i}:k${p}:${JSON.stringify({ p, i })}:v${i}`))
        .sort(),
    );
    const offsets = await admin.fetchOffsets({ groupId: 'g1', topics: [topic] });
    expect(offsets[0]?.partitions.map((p) => p.offset).sort()).toEqual(['2', '2', '2', '2']);
    await admin.disconnect();
    await producer.disconnect();
  });

  it('stops cleanly: the kcat process is gone', async () => {
    const c = await startKafkaMock({ brokers: 1 });
    expect(processAlive(c.pid)).toBe(true);
    await c.stop();
    expect(await waitGone(c.pid)).toBe(true);
  });

  it('dies with its parent even when the parent is SIGKILLed', async () => {
    const script = fileURLToPath(
      new URL('../../fixtures/connectors/start-kafka-then-hang.ts', import.meta.url),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /pid=(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => reject(new Error(`fixture exited: ${out}`)));
    });
    expect(processAlive(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitGone(pid)).toBe(true);
  });
});
