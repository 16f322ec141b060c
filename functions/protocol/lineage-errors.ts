import { SluiceRuntimeError } from '../errors.ts';

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
    super(`${stageId}/${shardId} waits for parent shard ${parentId}: ${reason}`);
    this.name = 'LineageNotReadyError';
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
      `${misrouted} record(s) for ${streamName} landed in another shard than packed for; the shard map changed`,
    );
    this.name = 'ShardMapChangedError';
  }
}
