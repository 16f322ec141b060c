export { isKafkaMappingBody, type KafkaMappingBody, kafkaMapping } from './kafka-mapping.ts';
export {
  type KafkaMockCluster,
  type KafkaMockOptions,
  KcatMissingError,
  kcatAvailable,
  startKafkaMock,
} from './kafka-mock-cluster.ts';
export {
  type KafkaPeer,
  KafkaPeerUnreachableError,
  kafkaPeerFor,
  reachable,
  withServers,
} from './kafka-peer.ts';
