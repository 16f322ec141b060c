import type { S3Client } from '@aws-sdk/client-s3';
import type { SourceSpec } from '../../compiler/spec/index.ts';
import { ConfigError } from '../errors.ts';
import type { IngestProgressDoc } from './ingest-progress.ts';
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

/** The lines of a nexmark source (line k = event k − 1) or of a filesystem source's objects. */
export function ingestLinesOf(source: SourceSpec, s3: S3Client | undefined): IngestLines {
  switch (source.kind) {
    case 'nexmark':
      return {
        total: source.nexmark.events,
        plan: async () => ({}),
        open: (doc) => toAsync(nexmarkLines(source.nexmark, doc.done, source.nexmark.events)),
      };
    case 'filesystem': {
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
    }
    case 'kinesis':
    case 'kafka': // connector: kafka
    case 'single_file':
      throw new ConfigError(`a ${source.kind} source has no cloud ingest function`);
    default: {
      const never: never = source;
      throw new Error(`unknown source ${JSON.stringify(never)}`);
    }
  }
}

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
