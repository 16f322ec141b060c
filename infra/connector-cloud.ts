import type { IConstruct } from 'constructs';
import type { PipelineSpec, SinkSpec, SourceSpec, StageSpec } from '../compiler/spec/index.ts';
import {
  type SinkKind,
  type SinkOf,
  type SourceKind,
  type SourceOf,
  sinkDeclaration,
  sourceDeclaration,
} from '../compiler/spec/index.ts';
import { sinkObjectsOf } from '../functions/index.ts';
import { type S3Grant, s3SinkGrant, s3SourceGrant } from './s3-grants.ts';

/**
 * The connectors' cloud facets (docs/connectors.md): what each adds to the stack beyond what its
 * declaration (compiler/connectors) says. One entry per spec kind; nothing else in `infra/`
 * names a connector's kind.
 */
interface CloudSource<S extends SourceSpec> {
  /** The event source mapping's starting position on a user's stream (default TRIM_HORIZON). */
  readonly startingPosition?: (source: S) => 'TRIM_HORIZON' | 'LATEST';
  /** What the ingest function may read (a filesystem source's objects). */
  readonly ingestGrant?: (scope: IConstruct, source: S) => S3Grant;
}

interface CloudSink<S extends SinkSpec> {
  /** What the stage function may write besides streams (a filesystem sink's objects). */
  readonly grant?: (scope: IConstruct, spec: PipelineSpec, stage: StageSpec, sink: S) => S3Grant | undefined;
}

const CLOUD_SOURCES: { readonly [K in SourceKind]: CloudSource<SourceOf<K>> } = {
  kinesis: { startingPosition: (s) => (s.offset === 'latest' ? 'LATEST' : 'TRIM_HORIZON') },
  filesystem: { ingestGrant: (scope, s) => s3SourceGrant(scope, s) },
  nexmark: {},
  single_file: {},
};

const CLOUD_SINKS: { readonly [K in SinkKind]: CloudSink<SinkOf<K>> } = {
  filesystem: {
    grant: (scope, spec, stage, sink) => {
      const o = sinkObjectsOf(spec, stage);
      return o ? s3SinkGrant(scope, o, sink.table) : undefined;
    },
  },
  kinesis: {},
  single_file: {},
  preview: {},
};

const cloudSource = (s: SourceSpec): CloudSource<SourceSpec> =>
  CLOUD_SOURCES[s.kind] as CloudSource<SourceSpec>;
const cloudSink = (s: SinkSpec): CloudSink<SinkSpec> => CLOUD_SINKS[s.kind] as CloudSink<SinkSpec>;

/** `TRIM_HORIZON` for internal streams; a user's stream's source says (kinesis `source.offset`). */
export function startingPositionOf(stage: StageSpec): 'TRIM_HORIZON' | 'LATEST' {
  const input = stage.input;
  if (input.kind !== 'source') return 'TRIM_HORIZON';
  return cloudSource(input.source).startingPosition?.(input.source) ?? 'TRIM_HORIZON';
}

/** The ingest function's grant for its source, if it reads more than the generator's options. */
export const ingestGrantOf = (scope: IConstruct, source: SourceSpec): S3Grant | undefined =>
  cloudSource(source).ingestGrant?.(scope, source);

/** The sink grant of a stage (a filesystem sink's objects), or undefined. */
export function sinkGrantOf(scope: IConstruct, spec: PipelineSpec, stage: StageSpec): S3Grant | undefined {
  const out = stage.output;
  return out.kind === 'sink' ? cloudSink(out.sink).grant?.(scope, spec, stage, out.sink) : undefined;
}

/** Whether a source/sink can run on AWS (its declaration's `cloud`). */
export const cloudSourceOk = (s: SourceSpec): boolean => sourceDeclaration(s).cloud;
export const cloudSinkOk = (s: SinkSpec): boolean => sinkDeclaration(s).cloud;
