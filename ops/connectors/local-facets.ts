import type { SinkKind, SinkSpec, SourceKind, SourceOf, SourceSpec } from '../../compiler/spec/index.ts';
import { nexmarkLines } from '../../functions/index.ts';

/** What a local session lends a source's ingest (the S3 lines it reads, recording object starts). */
export interface LocalIngestHelp {
  s3Lines(bucket: string, prefix: string): AsyncIterable<string>;
}

/**
 * A source's local facet (docs/connectors.md): how `sluice run` feeds it on the embedded stack.
 * `lines` absent: the ingester reads the source's local file (single_file).
 */
interface LocalSource<S extends SourceSpec> {
  readonly lines?: (source: S, help: LocalIngestHelp) => Iterable<string> | AsyncIterable<string>;
  /** The S3 objects `sluice run` checks before it starts (a filesystem source). */
  readonly s3Objects?: (source: S) => { readonly bucket: string; readonly prefix: string };
  /** `sluice run --chaos` may reshard its ingest stream (not a generator's, not a user's stream). */
  readonly reshardUnderChaos: boolean;
  /** How `sluice dlq replay` writes a dead letter back: an ingest envelope, or a raw record. */
  readonly replayAs: 'file' | 'kinesis';
}

/** A sink's local facet: what `sluice run` does with it when the pipeline ends. */
interface LocalSink {
  /** `objects`: publish pending objects and read them back (filesystem); `file`: assemble the file. */
  readonly finish?: 'objects' | 'file';
}

const LOCAL_SOURCES: { readonly [K in SourceKind]: LocalSource<SourceOf<K>> } = {
  single_file: { reshardUnderChaos: true, replayAs: 'file' },
  filesystem: {
    lines: (s, help) => help.s3Lines(s.bucket, s.prefix),
    s3Objects: (s) => s,
    reshardUnderChaos: true,
    replayAs: 'file',
  },
  nexmark: { lines: (s) => nexmarkLines(s.nexmark), reshardUnderChaos: false, replayAs: 'kinesis' },
  kinesis: { reshardUnderChaos: false, replayAs: 'kinesis' },
  // The local Lambda emulator's Kafka poller reads the topic (localstack/kafka/).
  kafka: { reshardUnderChaos: false, replayAs: 'kinesis' },
};

const LOCAL_SINKS: { readonly [K in SinkKind]: LocalSink } = {
  single_file: { finish: 'file' },
  filesystem: { finish: 'objects' },
  kinesis: {},
  preview: {},
  kafka: {},
};

/** A source's local facet. */
export const localSource = (s: SourceSpec): LocalSource<SourceSpec> =>
  LOCAL_SOURCES[s.kind] as LocalSource<SourceSpec>;

/** What `sluice run` does with a sink at the end. */
export const localSinkFinish = (s: SinkSpec): LocalSink['finish'] => LOCAL_SINKS[s.kind].finish;
