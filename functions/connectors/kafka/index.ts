/** The Kafka connector's runtime pieces (the connector module and its registry come later). */
export {
  type KafkaEsmEvent,
  type KafkaEsmRecord,
  type KafkaPartitionBatch,
  type KafkaPosition,
  type KafkaSourceLine,
  kafkaEsmEvent,
  kafkaPartitionBatches,
  metadataValue,
  offsetOfSeq,
  parseKafkaEsmEvent,
  partitionIdOf,
  seqOfOffset,
  sourceLineOf,
} from './kafka-esm-event.ts';
export {
  KAFKA_METADATA,
  type KafkaAuth,
  type KafkaMetadataField,
  type KafkaOptions,
  type KafkaTable,
  kafkaOptionFields,
  kafkaOptions,
  parseClientConfigs,
} from './kafka-options.ts';
export {
  KafkaSinkProducer,
  type KafkaSinkRow,
  type KafkaSinkSettings,
  kafkaMessagesOf,
  ROW_ID_HEADER,
} from './kafka-sink-producer.ts';
