import type { S3Client } from '@aws-sdk/client-s3';
import type { SourceKind, SourceOf, SourceSpec } from '../../compiler/spec/index.ts';
import { ConfigError } from '../errors.ts';
import type { IngestProgressDoc } from './ingest-progress.ts';
import { kafkaRecordPosition } from './kafka/kafka-source-event.ts';
import { nexmarkLines } from './nexmark/nexmark-lines.ts';
import {
  listSourceKeys,
  type SourceCursor,
  type SourceLine,
  s3SourceLinesFrom,
} from './s3/s3-source-lines.ts';

/** A line to ingest; a filesystem source's line also says where the line after it starts. */
export interface IngestLine {
  readonly text: string;
  readonly cursor?: SourceCursor;
}

/** A cloud ingest source's lines, numbered from 1 as `sluice run` numbers them locally. */
export interface IngestLines {
  /** All its lines, when known in advance. */
  readonly total: number | undefined;
  /** What the first commit fixes besides the parts (a filesystem source's object keys). */
  plan(): Promise<Pick<IngestProgressDoc, 'objects'>>;
  /** The lines after line `doc.done`, in order. */
  open(doc: IngestProgressDoc): AsyncIterator<IngestLine>;
}

/** A source's runtime facet: what its ingester needs, per source kind. */
interface SourceRuntime<S extends SourceSpec> {
  /** The lines a cloud ingest function writes (sources fed by one: compiler/connectors `cloudIngest`). */
  readonly ingestLines?: (source: S, s3: S3Client | undefined) => IngestLines;
  /** Its ingester reads S3. */
  readonly readsS3: boolean;
  /** Events per second of event time when the ingester paces them to the wall clock. */
  readonly paceRate?: (source: S) => number | undefined;
  /** The local file `sluice run` ingests. */
  readonly localFile?: (source: S) => string;
  /** A record's position for the dead-letter store, when not `<stream>/<shard>/<seq>`. */
  readonly recordPosition?: (shardId: string, seq: string) => string;
}

/** The sources' runtime facets, one per source kind (compiler/connectors declares each). */
const SOURCE_RUNTIME: { readonly [K in SourceKind]: SourceRuntime<SourceOf<K>> } = {
  nexmark: {
    readsS3: false,
    ingestLines: (source) => ({
      total: source.nexmark.events,
      plan: async () => ({}),
      open: (doc) => toAsync(nexmarkLines(source.nexmark, doc.done, source.nexmark.events)),
    }),
    paceRate: (source) => (source.nexmark.pace === 'event_rate' ? source.nexmark.eventRate : undefined),
  },
  filesystem: {
    readsS3: true,
    ingestLines: (source, s3) => {
      if (!s3) throw new ConfigError(`filesystem source ${source.table} needs an S3 client`);
      return {
        total: undefined,
        // The objects listed once, at the first commit: objects added later are not read (as locally).
        plan: async () => ({ objects: await listSourceKeys(s3, source.bucket, source.prefix) }),
        // From the committed cursor with a ranged GET; a position committed before cursors existed
        // is found by reading the objects again from the start.
        open: (doc) =>
          withCursors(
            doc.cursor || doc.done === 0
              ? s3SourceLinesFrom(s3, source.bucket, doc.objects ?? [], doc.cursor)
              : skip(s3SourceLinesFrom(s3, source.bucket, doc.objects ?? []), doc.done),
          ),
      };
    },
  },
  kinesis: { readsS3: false },
  kafka: { readsS3: false, recordPosition: kafkaRecordPosition },
  single_file: { readsS3: false, localFile: (source) => source.path },
};

const runtimeOf = (source: SourceSpec): SourceRuntime<SourceSpec> =>
  SOURCE_RUNTIME[source.kind] as SourceRuntime<SourceSpec>;

/** The lines of a nexmark source (line k = event k − 1) or of a filesystem source's objects. */
export function ingestLinesOf(source: SourceSpec, s3: S3Client | undefined): IngestLines {
  const lines = runtimeOf(source).ingestLines;
  if (!lines) throw new ConfigError(`a ${source.kind} source has no cloud ingest function`);
  return lines(source, s3);
}

/** Whether a source's ingester needs an S3 client (a filesystem source). */
export const ingestReadsS3 = (source: SourceSpec): boolean => runtimeOf(source).readsS3;

/** The event rate a paced generator source's ingester keeps to, or undefined. */
export const ingestPaceRate = (source: SourceSpec): number | undefined =>
  runtimeOf(source).paceRate?.(source);

/** The local file a source's lines come from (single_file), or undefined. */
export const localSourceFile = (source: SourceSpec): string | undefined =>
  runtimeOf(source).localFile?.(source);

/** Where a source stage's record came from, for the dead-letter store (a Kafka record: topic-partition and offset). */
export const recordPositionOf = (
  source: SourceSpec | undefined,
  streamName: string,
  shardId: string,
  seq: string,
): string =>
  (source && runtimeOf(source).recordPosition?.(shardId, seq)) ?? `${streamName}/${shardId}/${seq}`;

async function* toAsync(lines: Iterable<string>): AsyncGenerator<IngestLine> {
  for (const text of lines) yield { text };
}

async function* withCursors(lines: AsyncIterable<SourceLine>): AsyncGenerator<IngestLine> {
  for await (const l of lines) yield { text: l.text, cursor: l.next };
}

/** The lines after the first `n`. */
async function* skip<T>(lines: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  let i = 0;
  for await (const line of lines) if (++i > n) yield line;
}
