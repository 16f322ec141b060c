import { z } from 'zod';
import { kafkaStreamName } from '../spec/kafka-spec.ts';
import type { Connector, SinkRole, SourceRole } from './declaration.ts';
import { KAFKA_METADATA, kafkaOptionFields } from './kafka-options.ts';
import { commonOptions, sourceOptions } from './options.ts';

const { type: _type, ...kafkaFields } = kafkaOptionFields.shape;

/**
 * Every option a Kafka table may have: the connector's own (kafka-options.ts, Arroyo's names),
 * the common ones, and the source's. The source-only and sink-only options are the schema's
 * cross-field rules (`kafkaOptions`), so both roles share one set of names.
 */
const options = z.strictObject({
  ...commonOptions,
  ...kafkaFields,
  // Its form is checked by the builder (`kafkaOptions`), which names the option at its line:column.
  bootstrap_servers: z.string().describe('host:port of each bootstrap broker, comma-separated'),
  topic: z.string().optional().describe('the topic (or topic_pattern for a source)'),
  ...sourceOptions,
});

const servers = (s: { readonly bootstrapServers: readonly string[] }) => s.bootstrapServers.join(',');

/**
 * `connector = 'kafka'`: a Kafka topic, one JSON document per message (docs/connectors/kafka.md).
 * The compiler builds its tables with `kafkaSource`/`kafkaSink` (tables.ts), which read the
 * options through `kafkaOptions` and the `METADATA FROM` columns.
 */
export const kafka = {
  name: 'kafka',
  sql: true,
  source: {
    kind: 'kafka',
    options,
    metadata: Object.keys(KAFKA_METADATA),
    guarantee:
      'exactly once: the stage checkpoints (partition, offset) with its state; the event source mapping reads the topic',
    feed: 'event_source',
    eventSourceLabel: (s) => kafkaStreamName(s.topic),
    bounded: false,
    cloudIngest: false,
    cloud: true,
    userStream: () => undefined,
    deadLetterPosition: () => undefined,
    describe: (s) => `kafka topic ${s.topic} at ${servers(s)} (from ${s.offset})`,
  } satisfies SourceRole<'kafka'>,
  sink: {
    kind: 'kafka',
    options,
    guarantee:
      'at least once: the row id is the message key and the sluice-row-id header, for consumers that dedupe',
    cloud: true,
    changelog: 'format',
    userStream: () => undefined,
    describe: (s) =>
      `sink ${s.table}: kafka topic ${s.topic} at ${servers(s)} (at least once, row id in a header)`,
  } satisfies SinkRole<'kafka'>,
} as const satisfies Connector;
