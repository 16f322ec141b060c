import { z } from 'zod';

/**
 * `connector = 'kafka'` in the PipelineSpec (docs/connectors/kafka.md). The options are parsed and
 * validated by `kafkaOptions` (compiler/connectors/kafka-options.ts); this is what the
 * compiler keeps of them for the runtime, infra and the local stack.
 */
export const kafkaAuthSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('sasl'),
    mechanism: z.string(),
    protocol: z.string(),
    username: z.string(),
    password: z.string(),
  }),
  z.object({ kind: z.literal('aws_msk_iam'), region: z.string() }),
]);
export type KafkaAuthSpec = z.infer<typeof kafkaAuthSpec>;

/** The METADATA FROM fields of a Kafka source (Arroyo's names). */
export const kafkaMetadataField = z.enum(['offset_id', 'partition', 'topic', 'timestamp', 'key']);

export const kafkaConnection = {
  /** `host:port` of each bootstrap broker. */
  bootstrapServers: z.array(z.string()).min(1),
  topic: z.string(),
  auth: kafkaAuthSpec,
  /** `client_configs`, passed to the client (and to the event source mapping where AWS has a field). */
  clientConfigs: z.record(z.string(), z.string()),
};

/**
 * A Kafka source: in the cloud an event source mapping (SelfManagedEventSource, or MSK with
 * `auth.type = 'aws_msk_iam'`) invokes the source stage with the Kafka event; locally the Lambda
 * emulator's Kafka poller does. Each topic-partition is one "shard" of the stage (`topic/partition`,
 * seq = offset + 1).
 */
export const kafkaSourceFields = {
  kind: z.literal('kafka'),
  ...kafkaConnection,
  offset: z.enum(['earliest', 'latest', 'group']),
  readMode: z.enum(['read_committed', 'read_uncommitted']),
  /** `source.group_id`, or null: `<group_id_prefix><pipeline>-<stage>` (infra/kafka-source.ts). */
  groupId: z.string().nullable(),
  groupIdPrefix: z.string().nullable(),
  /** Columns filled from `METADATA FROM '<field>'`. */
  metadata: z.array(z.object({ column: z.string(), field: kafkaMetadataField })),
};

/** A Kafka sink: a producer in the sink stage, the row id in a header (at least once). */
export const kafkaSinkFields = {
  kind: z.literal('kafka'),
  table: z.string(),
  ...kafkaConnection,
  keyField: z.string().nullable(),
  timestampField: z.string().nullable(),
};

/** The stage input "stream" name of a Kafka source: not a Kinesis stream, a label for positions. */
export const kafkaStreamName = (topic: string): string => `kafka:${topic}`;
