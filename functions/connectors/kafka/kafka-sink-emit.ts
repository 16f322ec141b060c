import type { Producer } from 'kafkajs';
import type { SinkSpec, StageSpec } from '../../../compiler/spec/index.ts';
import { assignRowIds, type OutputRow } from '../output-row.ts';
import { createSinkFormatter } from '../sink-format.ts';
import { connectOrExplain, kafkaClient } from './kafka-client.ts';
import { KafkaSinkProducer } from './kafka-sink-producer.ts';

type KafkaSink = Extract<SinkSpec, { kind: 'kafka' }>;

/** One connected producer per (brokers, auth) per container, reused across invocations. */
const producers = new Map<string, Promise<Producer>>();

function producerFor(sink: KafkaSink, stageId: string): Promise<Producer> {
  const key = JSON.stringify([sink.bootstrapServers, sink.auth, sink.clientConfigs]);
  let hit = producers.get(key);
  if (hit === undefined) {
    const producer = kafkaClient(sink, `sluice-${stageId}`).producer({ allowAutoTopicCreation: true });
    hit = connectOrExplain(sink, `sink ${sink.table}`, () => producer.connect()).then(() => producer);
    producers.set(key, hit);
    hit.catch(() => producers.delete(key));
  }
  return hit;
}

/**
 * A Kafka sink's emit (I3, I7): every row is sent and acknowledged (acks = all) before the stage
 * commits, each with its deterministic row id (I2) in the `sluice-row-id` header and, without
 * `sink.key_field`, as its key. A retried epoch re-sends the same ids: at least once.
 */
export async function emitKafkaSink(
  stage: StageSpec,
  shardId: string,
  sink: KafkaSink,
  outs: readonly OutputRow[],
): Promise<number> {
  if (outs.length === 0) return 0;
  const fmt = createSinkFormatter(stage.schema, sink);
  const ids = assignRowIds(stage.id, shardId, outs);
  const rows = outs.map((o, i) => {
    const row = fmt(o.row);
    return { rowId: ids[i]!, value: JSON.stringify(row), row };
  });
  const producer = new KafkaSinkProducer(await producerFor(sink, stage.id), {
    topic: sink.topic,
    keyField: sink.keyField ?? undefined,
    timestampField: sink.timestampField ?? undefined,
  });
  await producer.send(rows);
  return rows.reduce((n, r) => n + Buffer.byteLength(r.value), 0);
}

/** Disconnects the cached producers (tests, and a process that ends). */
export async function closeKafkaProducers(): Promise<void> {
  const all = [...producers.values()];
  producers.clear();
  await Promise.all(all.map((p) => p.then((x) => x.disconnect()).catch(() => undefined)));
}
