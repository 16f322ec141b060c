export {
  type KafkaMockCluster,
  type KafkaMockOptions,
  KcatMissingError,
  kcatAvailable,
  startKafkaMock,
} from './kafka-mock-cluster.ts';
