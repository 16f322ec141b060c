import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct, IConstruct } from 'constructs';
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
import { kafkaAuthSecret, kafkaSourceMapping, kafkaSourceStatements } from './kafka-source.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';
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
  /** The stage's own event source mapping, when it reads no Kinesis stream (a Kafka topic). */
  readonly eventSource?: CloudEventSource<S>;
}

/** An event source mapping on something else than a Kinesis stream, with its secret and grants. */
interface CloudEventSource<S extends SourceSpec> {
  secret(scope: Construct, source: S): Secret | undefined;
  statements(spec: PipelineSpec, stage: StageSpec, source: S, secretArn?: string): PolicyStatement[];
  mapping(
    scope: Construct,
    spec: PipelineSpec,
    stage: StageSpec,
    source: S,
    functionName: string,
    s: ResolvedPipelineProps,
    secret: Secret | undefined,
  ): CfnEventSourceMapping;
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
  // Its event source mapping has its own starting position and group (kafka-source.ts).
  kafka: {
    eventSource: {
      secret: kafkaAuthSecret,
      statements: kafkaSourceStatements,
      mapping: kafkaSourceMapping,
    },
  },
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
  kafka: {},
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

/** A stage's event source facet, bound to its source (a Kafka source's), or undefined. */
export interface StageEventSource {
  readonly secret: Secret | undefined;
  readonly statements: PolicyStatement[];
  mapping(scope: Construct, functionName: string, s: ResolvedPipelineProps): CfnEventSourceMapping;
}

/** The event source of a stage that reads no Kinesis stream (its secret is created in `scope`). */
export function stageEventSource(
  scope: Construct,
  spec: PipelineSpec,
  stage: StageSpec,
): StageEventSource | undefined {
  const input = stage.input;
  if (input.kind !== 'source') return undefined;
  const src = input.source;
  const es = cloudSource(src).eventSource;
  if (es === undefined) return undefined;
  const secret = es.secret(scope, src);
  return {
    secret,
    statements: es.statements(spec, stage, src, secret?.secretArn),
    mapping: (at, functionName, s) => es.mapping(at, spec, stage, src, functionName, s, secret),
  };
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
