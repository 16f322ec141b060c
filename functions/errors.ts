/**
 * Error classes of the stage runtime. Each carries a stable `code` that callers (the CLI, tests,
 * the local stack's logs) match on; messages are for humans and may change.
 */
export abstract class SluiceRuntimeError extends Error {
  abstract readonly code: string;
}

/** The runtime's configuration (environment, spec, stage id) is unusable. */
export class ConfigError extends SluiceRuntimeError {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** An input could not be decoded (bad JSON, wrong type for the schema, bad envelope). Dead-lettered (I8). */
export class DecodeError extends SluiceRuntimeError {
  readonly code = 'DECODE_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** An expression could not be evaluated for a row (division by zero, bad cast). Dead-lettered (I8). */
export class EvaluationError extends SluiceRuntimeError {
  readonly code = 'EVAL_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

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
      `checkpoint of ${stageId}/${shardId} moved past epoch ${expectedEpoch}; another writer committed first`,
    );
    this.name = 'CommitConflictError';
  }
}

/** A source with `bad_data = 'fail'` met an input it cannot read; the pipeline stops (PIPELINE/FAILURE). */
export class BadDataFailure extends SluiceRuntimeError {
  readonly code = 'BAD_DATA';
  constructor(
    readonly reason: string,
    readonly position: string,
  ) {
    super(`bad input at ${position}: ${reason}`);
    this.name = 'BadDataFailure';
  }
}

/** The file a single_file source names does not exist. */
export class SourceFileMissingError extends SluiceRuntimeError {
  readonly code = 'SOURCE_FILE_MISSING';
  constructor(readonly path: string) {
    super(`source file '${path}' does not exist`);
    this.name = 'SourceFileMissingError';
  }
}

/** Kinesis kept refusing some records of a PutRecords after every retry. */
export class EmitError extends SluiceRuntimeError {
  readonly code = 'EMIT_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'EmitError';
  }
}

/** Persisted state (a checkpoint doc or a state page) does not parse. */
export class StateCorruptError extends SluiceRuntimeError {
  readonly code = 'STATE_CORRUPT';
  constructor(message: string) {
    super(message);
    this.name = 'StateCorruptError';
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
