/** The Kafka connector's runtime pieces (its declaration and options: compiler/connectors/kafka.ts). */
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
  KafkaSinkProducer,
  type KafkaSinkRow,
  type KafkaSinkSettings,
  kafkaMessagesOf,
  ROW_ID_HEADER,
} from './kafka-sink-producer.ts';
