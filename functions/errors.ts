/**
 * Error classes of the stage runtime. Each carries a stable `code` that callers (the CLI, tests,
 * the local stack's logs) match on; messages are for humans and may change.
 */
export abstract class SluiceRuntimeError extends Error {
  abstract readonly code: string;
  /** `name` is passed, not read from the class: a bundler may rename a class (esbuild: `ConfigError2`). */
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * The class of an error that carries only a message: `class X extends messageError('X', 'CODE') {}`.
 * Errors with data of their own extend SluiceRuntimeError directly.
 */
export function messageError<const C extends string>(name: string, code: C) {
  return class extends SluiceRuntimeError {
    readonly code: C = code;
    constructor(message: string) {
      super(name, message);
    }
  };
}

/** The runtime's configuration (environment, spec, stage id) is unusable. */
export class ConfigError extends messageError('ConfigError', 'CONFIG_INVALID') {}

/** An input could not be decoded (bad JSON, wrong type for the schema, bad envelope). Dead-lettered (I8). */
export class DecodeError extends messageError('DecodeError', 'DECODE_ERROR') {}

/** An expression could not be evaluated for a row (division by zero, bad cast). Dead-lettered (I8). */
export class EvaluationError extends messageError('EvaluationError', 'EVAL_ERROR') {}

/** Kinesis kept refusing some records of a PutRecords after every retry. */
export class EmitError extends messageError('EmitError', 'EMIT_FAILED') {}

/** Persisted state (a checkpoint doc or a state page) does not parse. */
export class StateCorruptError extends messageError('StateCorruptError', 'STATE_CORRUPT') {}

/**
 * The checkpoint changed since this invocation read it: another writer (a retry, or this one's
 * zombie) committed first. Thrown so that the event source mapping retries; the retry skips what
 * the winner committed (I1).
 */
export class CommitConflictError extends SluiceRuntimeError {
  readonly code = 'COMMIT_CONFLICT';
  constructor(
    readonly stageId: string,
    readonly shardId: string,
    readonly expectedEpoch: number,
  ) {
    super(
      'CommitConflictError',
      `checkpoint of ${stageId}/${shardId} moved past epoch ${expectedEpoch}; another writer committed first`,
    );
  }
}

/**
 * I5: a child shard was invoked before one of its parents is fully processed (the parent's
 * committed seq is not its last record, or another writer moved the parent while the child was
 * closing it). Thrown so that the event source mapping retries the child later.
 */
export class LineageNotReadyError extends SluiceRuntimeError {
  readonly code = 'LINEAGE_NOT_READY';
  constructor(
    readonly stageId: string,
    readonly shardId: string,
    readonly parentId: string,
    readonly reason: string,
  ) {
    super('LineageNotReadyError', `${stageId}/${shardId} waits for parent shard ${parentId}: ${reason}`);
  }
}

/**
 * I5: a record put by ExplicitHashKey landed in a shard other than the one the producer packed it
 * for: the output stream was resharded after the producer listed its shards. The invocation fails
 * before committing; its retry re-lists and re-emits, and consumers drop the misrouted records.
 */
export class ShardMapChangedError extends SluiceRuntimeError {
  readonly code = 'SHARD_MAP_CHANGED';
  constructor(
    readonly streamName: string,
    readonly misrouted: number,
  ) {
    super(
      'ShardMapChangedError',
      `${misrouted} record(s) for ${streamName} landed in another shard than packed for; the shard map changed`,
    );
  }
}

/** A source with `bad_data = 'fail'` met an input it cannot read; the pipeline stops (PIPELINE/FAILURE). */
export class BadDataFailure extends SluiceRuntimeError {
  readonly code = 'BAD_DATA';
  constructor(
    readonly reason: string,
    readonly position: string,
  ) {
    super('BadDataFailure', `bad input at ${position}: ${reason}`);
  }
}

/** The file a single_file source names does not exist. */
export class SourceFileMissingError extends SluiceRuntimeError {
  readonly code = 'SOURCE_FILE_MISSING';
  constructor(readonly path: string) {
    super('SourceFileMissingError', `source file '${path}' does not exist`);
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
