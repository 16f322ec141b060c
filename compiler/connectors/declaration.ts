import type { z } from 'zod';
import type { SinkSpec, SourceSpec } from '../spec/pipeline-spec.ts';

export type SourceKind = SourceSpec['kind'];
export type SinkKind = SinkSpec['kind'];
export type SourceOf<K extends SourceKind> = Extract<SourceSpec, { kind: K }>;
export type SinkOf<K extends SinkKind> = Extract<SinkSpec, { kind: K }>;

/**
 * A connector's options for one role: a strict zod object whose keys are the `WITH (…)` option
 * names (Arroyo's), required ones without `.optional()`/`.default()`, defaults as Arroyo's. The
 * compiler checks a table's options with it (options.ts), the console draws a form from it
 * (`optionsJsonSchema`).
 */
export type OptionSchema = z.ZodObject;

/** What a connector is and does as a source: pure facts every room may ask (no I/O). */
export interface SourceDeclaration<S extends SourceSpec> {
  readonly options: OptionSchema;
  /** Arroyo's `METADATA FROM` keys this source can fill (none yet for the built-in ones). */
  readonly metadata: readonly string[];
  /** What it guarantees, for the docs and `sluice explain`. */
  readonly guarantee: string;
  /**
   * `user_stream`: the stage reads raw records of the user's Kinesis stream; `ingest`: the stage
   * reads envelopes that an ingester (`sluice run`, or the cloud ingest function) writes into the
   * pipeline's ingest stream; `event_source`: an event source mapping on something that is not a
   * Kinesis stream (a Kafka topic) invokes the stage, which reads no stream.
   */
  readonly feed: 'user_stream' | 'ingest' | 'event_source';
  /** The stage input's label when `feed` is `event_source` (positions are kept under it). */
  eventSourceLabel?(source: S): string;
  /** It ends (end-of-stream marker, I6), so `sluice run` can exit when every sink committed it. */
  readonly bounded: boolean;
  /** In the cloud, the pipeline's ingest function feeds it (infra/ingest-function.ts). */
  readonly cloudIngest: boolean;
  /** It can be deployed to AWS; `sluice deploy` refuses the pipeline otherwise. */
  readonly cloud: boolean;
  /** The user's stream the stage reads, when `feed` is `user_stream`. */
  userStream(source: S): string | undefined;
  /** Where a dead-lettered line came from (`<path>:<line>`), or undefined for the record's position. */
  deadLetterPosition(source: S, line: string): string | undefined;
  /** Where its rows come from, for `sluice explain`. */
  describe(source: S): string;
}

/** What a connector is and does as a sink. */
export interface SinkDeclaration<S extends SinkSpec> {
  readonly options: OptionSchema;
  readonly guarantee: string;
  /** It can be deployed to AWS. */
  readonly cloud: boolean;
  /**
   * `always`: it carries changes as Debezium documents whatever the format (the preview);
   * `format`: only with `format = 'debezium_json'`.
   */
  readonly changelog: 'always' | 'format';
  /** The user's stream it writes, if any (the pipeline's own streams are not the user's). */
  userStream(sink: S): string | undefined;
  /** The local file it writes, which no other sink may share (single_file). */
  file?(sink: S): string;
  /** Its line in `sluice explain` (`sink <table>: …`). */
  describe(sink: S): string;
}

/** What the compiler hands a module's builder: the table's options and the parts every source shares. */
export interface BuildContext {
  readonly table: string;
  /**
   * An option's value: a quoted string, checked against the schema's values for an enum option,
   * the schema's default when absent (a missing required one was refused before the builder ran).
   */
  value(key: string): string;
  /** The `path` option as a local path (relative to the SQL file's folder). */
  path(): string;
  /** The `path` option as `s3://bucket/prefix/`. */
  s3(): { readonly bucket: string; readonly prefix: string };
}

/** The fields every source spec has (`sourceCommon` in pipeline-spec.ts), built by the compiler. */
export type SourceCommon = Omit<
  SourceSpec,
  'kind' | 'path' | 'streamName' | 'offset' | 'nexmark' | 'bucket' | 'prefix'
>;

/** A module's source role: the spec kind, how to build it from SQL, and its declaration. */
export interface SourceRole<K extends SourceKind> extends SourceDeclaration<SourceOf<K>> {
  readonly kind: K;
  /** Builds the spec from the table's options (the generic rules for columns and time ran first). */
  build?(ctx: BuildContext, common: SourceCommon): SourceOf<K>;
}

/** What every sink spec but the preview has besides its place. */
export interface SinkBase {
  readonly table: string;
  readonly format: 'json' | 'debezium_json';
}

/** A module's sink role. */
export interface SinkRole<K extends SinkKind> extends SinkDeclaration<SinkOf<K>> {
  readonly kind: K;
  build?(ctx: BuildContext, base: SinkBase): SinkOf<K>;
}

/**
 * One connector module's declaration (docs/connectors.md): its `connector = '…'` name and, per
 * role, the spec kind it compiles to, its options, the builder of its spec, and its facts.
 */
export interface Connector {
  readonly name: string;
  /** Whether SQL names it (`connector = '<name>'`); the preview sink is internal. */
  readonly sql: boolean;
  /**
   * A fixed-schema source (nexmark, impulse) builds its whole table itself, with the builder
   * `tables.ts` registers (kept out of this file so the Lambda bundle carries no compiler code).
   */
  readonly fixedSchema?: boolean;
  readonly source?: SourceRole<SourceKind>;
  readonly sink?: SinkRole<SinkKind>;
}
