import type { SinkSpec, SourceSpec } from '../spec/pipeline-spec.ts';
import type {
  Connector,
  SinkDeclaration,
  SinkKind,
  SinkOf,
  SourceDeclaration,
  SourceKind,
  SourceOf,
} from './declaration.ts';
import { filesystem } from './filesystem.ts';
import { impulse } from './impulse.ts';
import { kafka } from './kafka.ts';
import { kinesis } from './kinesis.ts';
import { nexmark } from './nexmark.ts';
import { preview } from './preview.ts';
import { singleFile } from './single-file.ts';

/**
 * The one registry of connector modules (docs/connectors.md). A new connector adds its module
 * here, and its facets to each room's facet registry; nothing else names a connector's kind.
 */
export const CONNECTORS: readonly Connector[] = [
  singleFile,
  filesystem,
  kinesis,
  nexmark,
  impulse,
  kafka,
  preview,
];

/** The connectors SQL can name (`connector = '…'`). */
export const SQL_CONNECTORS: readonly string[] = CONNECTORS.filter((c) => c.sql).map((c) => c.name);

/** The module SQL names, or undefined. */
export const connectorNamed = (name: string): Connector | undefined =>
  CONNECTORS.find((c) => c.sql && c.name === name);

/** Each source spec kind's declaration (nexmark's serves impulse too: one generator machinery). */
const SOURCES: { readonly [K in SourceKind]: SourceDeclaration<SourceOf<K>> } = {
  single_file: singleFile.source,
  filesystem: filesystem.source,
  kinesis: kinesis.source,
  kafka: kafka.source,
  nexmark: nexmark.source,
};

const SINKS: { readonly [K in SinkKind]: SinkDeclaration<SinkOf<K>> } = {
  single_file: singleFile.sink,
  filesystem: filesystem.sink,
  kinesis: kinesis.sink,
  kafka: kafka.sink,
  preview: preview.sink,
};

/** The declaration of a source spec's connector. */
export const sourceDeclaration = (source: SourceSpec): SourceDeclaration<SourceSpec> =>
  SOURCES[source.kind] as SourceDeclaration<SourceSpec>;

/** The declaration of a sink spec's connector. */
export const sinkDeclaration = (sink: SinkSpec): SinkDeclaration<SinkSpec> =>
  SINKS[sink.kind] as SinkDeclaration<SinkSpec>;

/** The preview sink (a bare SELECT's), the one sink SQL cannot name. */
export const isPreviewSink = (sink: SinkSpec): sink is SinkOf<'preview'> => sink.kind === 'preview';

/** The user's stream a source stage reads directly (a kinesis source), or undefined. */
export const userSourceStream = (source: SourceSpec): string | undefined =>
  sourceDeclaration(source).userStream(source);

/** The user's stream a sink writes (a kinesis sink), or undefined. */
export const userSinkStream = (sink: SinkSpec): string | undefined => sinkDeclaration(sink).userStream(sink);

/** The SQL table a sink writes; undefined for the preview, which has none. */
export const sinkTableOf = (sink: SinkSpec): string | undefined => ('table' in sink ? sink.table : undefined);

/** Whether a sink writes changes as Debezium documents (the preview always; others with debezium_json). */
export const carriesChanges = (sink: SinkSpec): boolean =>
  sinkDeclaration(sink).changelog === 'always' || ('format' in sink && sink.format === 'debezium_json');

/** The local file a sink writes (single_file), which no other sink may share. */
export const sinkFileOf = (sink: SinkSpec): string | undefined => sinkDeclaration(sink).file?.(sink);

/** A sink that writes plain rows (not changes), or undefined: a sink with a table and a format. */
export const plainRowsSink = (sink: SinkSpec): Exclude<SinkSpec, SinkOf<'preview'>> | undefined =>
  carriesChanges(sink) ? undefined : (sink as Exclude<SinkSpec, SinkOf<'preview'>>);

/** The stage input's label of a source an event source mapping reads (a Kafka topic), or undefined. */
export const eventSourceLabel = (source: SourceSpec): string | undefined =>
  sourceDeclaration(source).eventSourceLabel?.(source);
