import type { SourceSpec, StageSpec } from '../../../compiler/spec/index.ts';
import type { KinesisEvent, KinesisEventRecord } from '../../wire/kinesis-event.ts';
import { type KafkaEsmRecord, kafkaEsmEvent, parseKafkaEsmEvent, seqOfOffset } from './kafka-esm-event.ts';

type KafkaSource = Extract<SourceSpec, { kind: 'kafka' }>;

/** Whether a Lambda event is a Kafka event source mapping's (MSK or self-managed). */
export const isKafkaEsmEvent = (event: unknown): boolean =>
  typeof event === 'object' &&
  event !== null &&
  'records' in event &&
  kafkaEsmEvent.shape.eventSource.safeParse((event as { eventSource?: unknown }).eventSource).success;

/**
 * A Kafka ESM event as the stage's records (docs/connectors/kafka.md "Exactly once"): each
 * topic-partition is a shard `<topic>/<partition>` (the part of `eventID` before `:`), each record's
 * sequence number is `offset + 1`, its arrival time the Kafka timestamp. The stage then keeps
 * exactly-once state per (stage, topic-partition) as it does per Kinesis shard (I1): one checkpoint,
 * records at or below its seq skipped, one conditional commit per partition.
 *
 * `METADATA FROM` columns are written into the record's JSON object (a value that is not a JSON
 * object is passed as it is, and the source parser dead-letters it with its position, I8).
 */
export function kafkaAsKinesisEvent(event: unknown, stage: StageSpec): KinesisEvent {
  const e = parseKafkaEsmEvent(event);
  const source = stage.input.kind === 'source' ? stage.input.source : undefined;
  const metadata = source?.kind === 'kafka' ? source.metadata : [];
  const arn = e.eventSourceArn ?? `kafka://${e.bootstrapServers ?? ''}`;
  const Records: KinesisEventRecord[] = [];
  for (const records of Object.values(e.records))
    for (const r of records)
      Records.push({
        eventID: `${r.topic}/${r.partition}:${seqOfOffset(r.offset)}`,
        eventSourceARN: arn,
        kinesis: {
          data: metadata.length === 0 ? (r.value ?? '') : withMetadata(r, metadata),
          sequenceNumber: seqOfOffset(r.offset),
          approximateArrivalTimestamp: r.timestamp / 1000,
        },
      });
  return { Records };
}

function withMetadata(r: KafkaEsmRecord, metadata: KafkaSource['metadata']): string {
  const text = Buffer.from(r.value ?? '', 'base64').toString('utf8');
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return r.value ?? '';
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return r.value ?? '';
  const row = obj as Record<string, unknown>;
  for (const { column, field } of metadata) {
    switch (field) {
      case 'offset_id':
        row[column] = r.offset;
        break;
      case 'partition':
        row[column] = r.partition;
        break;
      case 'topic':
        row[column] = r.topic;
        break;
      case 'timestamp':
        row[column] = r.timestamp;
        break;
      case 'key':
        row[column] = keyText(r.key);
        break;
      default: {
        const never: never = field;
        throw new Error(`unknown Kafka metadata field ${String(never)}`);
      }
    }
  }
  return Buffer.from(JSON.stringify(row)).toString('base64');
}

/** The key as UTF-8 text; null for a null key, or for a key that is not UTF-8 (sluice has no bytes type). */
function keyText(key: string | null | undefined): string | null {
  if (key === null || key === undefined) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(key, 'base64'));
  } catch {
    return null;
  }
}

/**
 * The dead-letter position of a Kafka source record (I8): `kafka://<topic>/<partition>@<offset>`,
 * from the stage's shard id (`<topic>/<partition>`) and seq (`offset + 1`).
 */
export const kafkaRecordPosition = (shardId: string, seq: string): string =>
  `kafka://${shardId}@${(BigInt(seq) - 1n).toString()}`;
