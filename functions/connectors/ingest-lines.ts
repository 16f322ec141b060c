import type { S3Client } from '@aws-sdk/client-s3';
import type { SourceSpec } from '../../compiler/spec/index.ts';
import { ConfigError } from '../errors.ts';
import type { IngestProgressDoc } from './ingest-progress.ts';
import { nexmarkLines } from './nexmark/nexmark-lines.ts';
import { listSourceKeys, s3SourceLines } from './s3/s3-source-lines.ts';

/** A cloud ingest source's lines, numbered from 1 as `sluice run` numbers them locally. */
export interface IngestLines {
  /** All its lines, when known in advance. */
  readonly total: number | undefined;
  /** What the first commit fixes besides the parts (a filesystem source's object keys). */
  plan(): Promise<Pick<IngestProgressDoc, 'objects'>>;
  /** The lines after line `doc.done`, in order. */
  open(doc: IngestProgressDoc): AsyncIterator<string>;
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
        open: (doc) => skip(s3SourceLines(s3, source.bucket, doc.objects ?? []), doc.done),
      };
    }
    case 'kinesis':
    case 'single_file':
      throw new ConfigError(`a ${source.kind} source has no cloud ingest function`);
    default: {
      const never: never = source;
      throw new Error(`unknown source ${JSON.stringify(never)}`);
    }
  }
}

async function* toAsync(lines: Iterable<string>): AsyncGenerator<string> {
  yield* lines;
}

/** The lines after the first `n` (a filesystem source re-reads its objects from the start). */
async function* skip(lines: AsyncIterable<string>, n: number): AsyncGenerator<string> {
  let i = 0;
  for await (const line of lines) if (++i > n) yield line;
}
