/** Door of the connector declarations (docs/connectors.md): pure, importable from every room. */
export type {
  BuildContext,
  Connector,
  OptionSchema,
  SinkDeclaration,
  SinkKind,
  SinkOf,
  SinkRole,
  SourceDeclaration,
  SourceKind,
  SourceOf,
  SourceRole,
} from './declaration.ts';
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
export { optionsSchema } from './option-schema.ts';
export {
  type OptionIssue,
  optionDefault,
  optionIssues,
  optionNames,
  optionsJsonSchema,
  optionValues,
} from './options.ts';
export {
  CONNECTORS,
  carriesChanges,
  connectorNamed,
  eventSourceLabel,
  isPreviewSink,
  plainRowsSink,
  SQL_CONNECTORS,
  sinkDeclaration,
  sinkFileOf,
  sinkTableOf,
  sourceDeclaration,
  userSinkStream,
  userSourceStream,
} from './registry.ts';
