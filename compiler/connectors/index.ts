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
