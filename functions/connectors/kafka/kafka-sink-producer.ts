import type { Message, Producer, RecordMetadata } from 'kafkajs';
import { EvaluationError } from '../../errors.ts';

/** The header that carries a row's id (I2, I7): consumers dedupe on it. */
export const ROW_ID_HEADER = 'sluice-row-id';

/** A formatted sink row: its deterministic id (I2), its JSON text, and the row for key/time fields. */
export interface KafkaSinkRow {
  readonly rowId: string;
  readonly value: string;
  readonly row: Readonly<Record<string, unknown>>;
}

export interface KafkaSinkSettings {
  readonly topic: string;
  /** `sink.key_field`: the message key is this field's value (as Arroyo's sink). */
  readonly keyField: string | undefined;
  /** `sink.timestamp_field`: the message timestamp is this field's value in epoch ms. */
  readonly timestampField: string | undefined;
}

/**
 * The Kafka messages of sink rows. The row id always travels in the `sluice-row-id` header. The
 * key is `sink.key_field`'s value when set (null stays a null key); when unset, the key is the
 * row id, not null (Arroyo's choice) because:
 * - a re-emitted row (at-least-once: a retried epoch) then hashes to the same partition as its
 *   first copy, so a consumer dedupes within one partition, in order;
 * - on a compacted topic, log compaction removes the duplicates by itself;
 * - consumers that cannot read headers still see the id.
 * A null-keyed message goes wherever the partitioner's sticky batch goes, so its duplicates can
 * land in any partition.
 */
export function kafkaMessagesOf(rows: readonly KafkaSinkRow[], s: KafkaSinkSettings): Message[] {
  return rows.map((r) => {
    const m: Message = { value: r.value, headers: { [ROW_ID_HEADER]: r.rowId } };
    if (s.keyField === undefined) m.key = r.rowId;
    else {
      const k = r.row[s.keyField];
      m.key = k === null || k === undefined ? null : typeof k === 'string' ? k : JSON.stringify(k);
    }
    if (s.timestampField !== undefined) {
      const t = r.row[s.timestampField];
      const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : Number.NaN;
      if (!Number.isFinite(ms))
        throw new EvaluationError(
          `sink.timestamp_field ${s.timestampField} of row ${r.rowId} is ${JSON.stringify(t)}, not a timestamp`,
        );
      m.timestamp = String(Math.trunc(ms));
    }
    return m;
  });
}

/**
 * The sink's producer (at least once): sends a batch with acks from all in-sync replicas and
 * resolves only when every message is acknowledged, so the stage commits its epoch after (I3).
 * kafkajs retries a failed request itself; a failure after those retries rejects, the stage's
 * invocation fails and the epoch is re-emitted with the same row ids.
 */
export class KafkaSinkProducer {
  readonly #producer: Producer;
  readonly #settings: KafkaSinkSettings;

  constructor(producer: Producer, settings: KafkaSinkSettings) {
    this.#producer = producer;
    this.#settings = settings;
  }

  async send(rows: readonly KafkaSinkRow[]): Promise<RecordMetadata[]> {
    if (rows.length === 0) return [];
    return this.#producer.send({
      topic: this.#settings.topic,
      acks: -1,
      messages: kafkaMessagesOf(rows, this.#settings),
    });
  }
}
