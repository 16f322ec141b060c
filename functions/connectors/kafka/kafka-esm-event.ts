import { z } from 'zod';
import type { KafkaMetadataField } from '../../../compiler/spec/index.ts';
import { ConfigError, DecodeError } from '../../errors.ts';

/**
 * The event a Lambda event source mapping delivers for Amazon MSK (`eventSource: 'aws:kafka'`,
 * `eventSourceArn`) or a self-managed cluster (`'SelfManagedKafka'`): records grouped under
 * `"<topic>-<partition>"`, each with its offset, timestamp (ms) and type, key and value in base64
 * (a null key is absent), and headers as `[{ name: [byte, …] }]`. One event may hold several
 * partitions; within one, records are in offset order.
 */
const kafkaRecord = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  timestamp: z.number(),
  timestampType: z.string(),
  key: z.string().nullish(),
  value: z.string().nullish(),
  headers: z.array(z.record(z.string(), z.array(z.number().int()))).default([]),
});
export type KafkaEsmRecord = z.infer<typeof kafkaRecord>;

export const kafkaEsmEvent = z.object({
  eventSource: z.enum(['aws:kafka', 'SelfManagedKafka']),
  eventSourceArn: z.string().optional(),
  bootstrapServers: z.string().nullish(),
  records: z.record(z.string(), z.array(kafkaRecord)),
});
export type KafkaEsmEvent = z.infer<typeof kafkaEsmEvent>;

/** Where a record sits: the exactly-once state of a Kafka source is keyed by this. */
export interface KafkaPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** One record as a source line: its text, its position and its `METADATA FROM` values. */
export interface KafkaSourceLine {
  /** The value as UTF-8 text (a null value, a tombstone, is `''`: a decode error downstream). */
  readonly text: string;
  readonly position: KafkaPosition;
  /** The sequence number of the record in its partition, `offset + 1` (seq.ts: "0" is "none"). */
  readonly seq: string;
  readonly metadata: {
    readonly offset_id: number;
    readonly partition: number;
    readonly topic: string;
    readonly timestamp: number;
    readonly key: Uint8Array | null;
  };
  readonly headers: ReadonlyMap<string, Uint8Array>;
}

/** The records of one topic-partition of an event, in offset order. */
export interface KafkaPartitionBatch {
  readonly topic: string;
  readonly partition: number;
  /** `<topic>/<partition>`: the partition's id where a Kinesis source has its shard id. */
  readonly partitionId: string;
  readonly lines: readonly KafkaSourceLine[];
}

export function parseKafkaEsmEvent(event: unknown): KafkaEsmEvent {
  const res = kafkaEsmEvent.safeParse(event);
  if (!res.success)
    throw new ConfigError(
      `not a Kafka event: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return res.data;
}

export const partitionIdOf = (topic: string, partition: number): string => `${topic}/${partition}`;
export const seqOfOffset = (offset: number): string => String(BigInt(offset) + 1n);
export const offsetOfSeq = (seq: string): number => Number(BigInt(seq) - 1n);

const b64 = (s: string | null | undefined): Uint8Array | null =>
  s === null || s === undefined ? null : new Uint8Array(Buffer.from(s, 'base64'));

/** Reads one ESM record into a source line; the value must be UTF-8 (I8: else a DecodeError). */
export function sourceLineOf(r: KafkaEsmRecord): KafkaSourceLine {
  const value = b64(r.value);
  let text = '';
  if (value !== null) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      throw new DecodeError(`the value at ${r.topic}/${r.partition}@${r.offset} is not UTF-8 text`);
    }
  }
  const headers = new Map<string, Uint8Array>();
  for (const h of r.headers)
    for (const [k, bytes] of Object.entries(h)) headers.set(k, Uint8Array.from(bytes));
  return {
    text,
    position: { topic: r.topic, partition: r.partition, offset: r.offset },
    seq: seqOfOffset(r.offset),
    metadata: {
      offset_id: r.offset,
      partition: r.partition,
      topic: r.topic,
      timestamp: r.timestamp,
      key: b64(r.key),
    },
    headers,
  };
}

/**
 * Splits an event into its topic-partitions, each in offset order, ordered by topic then
 * partition. A key whose records name another topic or partition is refused (the mapping never
 * sends one), as is an offset given twice in a partition.
 */
export function kafkaPartitionBatches(event: KafkaEsmEvent): KafkaPartitionBatch[] {
  const out: KafkaPartitionBatch[] = [];
  for (const [key, records] of Object.entries(event.records)) {
    if (records.length === 0) continue;
    const { topic, partition } = records[0]!;
    if (key !== `${topic}-${partition}`)
      throw new ConfigError(`Kafka event key ${key} holds records of ${topic}-${partition}`);
    const sorted = [...records].sort((a, b) => a.offset - b.offset);
    for (let i = 0; i < sorted.length; i++) {
      const r = sorted[i]!;
      if (r.topic !== topic || r.partition !== partition)
        throw new ConfigError(`Kafka event key ${key} holds a record of ${r.topic}-${r.partition}`);
      if (i > 0 && sorted[i - 1]!.offset === r.offset)
        throw new ConfigError(`Kafka event key ${key} holds offset ${r.offset} twice`);
    }
    out.push({
      topic,
      partition,
      partitionId: partitionIdOf(topic, partition),
      lines: sorted.map(sourceLineOf),
    });
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

/**
 * A metadata field's value as a row value. Arroyo's `key` is Binary; sluice has no binary type, so
 * `key` is the key's UTF-8 text (null for a null key), and a key that is not UTF-8 is a decode
 * error (dead-lettered with its position, I8), as a value that is not UTF-8 is.
 */
export function metadataValue(line: KafkaSourceLine, field: KafkaMetadataField): string | number | null {
  switch (field) {
    case 'offset_id':
    case 'partition':
    case 'timestamp':
      return line.metadata[field];
    case 'topic':
      return line.metadata.topic;
    case 'key': {
      const k = line.metadata.key;
      if (k === null) return null;
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(k);
      } catch {
        const p = line.position;
        throw new DecodeError(`the key at ${p.topic}/${p.partition}@${p.offset} is not UTF-8 text`);
      }
    }
    default: {
      const never: never = field;
      throw new Error(`unknown Kafka metadata field ${String(never)}`);
    }
  }
}
