import { readBatchItemFailures } from './batch-item-failures.ts';

/** A record as the Kafka poller holds it (kafkajs gives offsets as decimal strings). */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME';
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly (readonly [string, Buffer])[];
}

export interface KafkaEventSource {
  readonly eventSource: 'SelfManagedKafka' | 'aws:kafka';
  /** MSK: the cluster's ARN. */
  readonly eventSourceArn?: string;
  readonly bootstrapServers: readonly string[];
}

export const partitionKey = (r: { topic: string; partition: number }): string => `${r.topic}-${r.partition}`;

/** Approximate bytes a record adds to the event JSON (base64 grows 4/3, plus the fixed fields). */
export const kafkaEventBytes = (r: KafkaRecord): number =>
  Math.ceil((((r.key?.length ?? 0) + (r.value?.length ?? 0)) * 4) / 3) +
  r.headers.reduce((n, [k, v]) => n + k.length + v.length * 4, 0) +
  r.topic.length +
  200;

/**
 * The event exactly as a Lambda event source mapping delivers a Kafka batch (Amazon MSK:
 * `eventSource: 'aws:kafka'` with `eventSourceArn`; self-managed: `'SelfManagedKafka'`):
 * `bootstrapServers` comma-separated, records grouped under `"<topic>-<partition>"` in offset
 * order, key and value base64 (a null key or value is left out), headers as
 * `[{ "<name>": [byte, …] }]`, offset as a number.
 */
export function kafkaEvent(records: readonly KafkaRecord[], src: KafkaEventSource): string {
  const grouped: Record<string, unknown[]> = {};
  for (const r of records) {
    const k = partitionKey(r);
    const list = grouped[k] ?? [];
    grouped[k] = list;
    list.push({
      topic: r.topic,
      partition: r.partition,
      offset: Number(r.offset),
      timestamp: r.timestamp,
      timestampType: r.timestampType,
      ...(r.key === null ? {} : { key: r.key.toString('base64') }),
      ...(r.value === null ? {} : { value: r.value.toString('base64') }),
      headers: r.headers.map(([name, v]) => ({ [name]: [...v] })),
    });
  }
  return JSON.stringify({
    eventSource: src.eventSource,
    ...(src.eventSourceArn !== undefined ? { eventSourceArn: src.eventSourceArn } : {}),
    bootstrapServers: src.bootstrapServers.join(','),
    records: grouped,
  });
}

/** How a ReportBatchItemFailures response reads for a Kafka batch. */
export type KafkaBatchResponse =
  | { readonly kind: 'success' }
  /** Per topic-partition, the lowest failed offset: it and the partition's later records are retried. */
  | { readonly kind: 'partial'; readonly retryFrom: ReadonlyMap<string, bigint> }
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Reads a response under ReportBatchItemFailures. For Kafka an item identifier is an object
 * `{ "topic-partition": "<topic>-<partition>", "offset": <n> }` (Powertools' Kafka batch
 * processor; AWS's Kafka retry docs name the feature, not the shape). As for streams: null, `{}`,
 * an empty or null list is success; an identifier that is missing, malformed or not in the batch
 * fails the whole batch; several failures in a partition restart it from the lowest.
 */
export function readKafkaBatchResponse(payload: string, records: readonly KafkaRecord[]): KafkaBatchResponse {
  const read = readBatchItemFailures(payload);
  if (read.kind !== 'failed') return read;
  const inBatch = new Set(records.map((r) => `${partitionKey(r)}@${r.offset}`));
  const retryFrom = new Map<string, bigint>();
  for (const item of read.identifiers) {
    const id = item as { 'topic-partition'?: unknown; offset?: unknown } | null | undefined;
    const tp = id?.['topic-partition'];
    const off = id?.offset;
    if (typeof tp !== 'string' || (typeof off !== 'number' && typeof off !== 'string'))
      return { kind: 'malformed', reason: 'itemIdentifier is not { "topic-partition", "offset" }' };
    if (!inBatch.has(`${tp}@${String(off)}`))
      return { kind: 'malformed', reason: `itemIdentifier ${tp}@${String(off)} is not in the batch` };
    const o = BigInt(off);
    const prev = retryFrom.get(tp);
    if (prev === undefined || o < prev) retryFrom.set(tp, o);
  }
  return { kind: 'partial', retryFrom };
}
