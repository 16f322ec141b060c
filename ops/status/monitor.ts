import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { resourceNames } from '../../compiler/spec/index.ts';
import { type PipelineRef, stagesOf } from '../registry/pipeline-registry.ts';
import { readPipelineStatus, type StageCounters } from './read-status.ts';

/** One stage's committed progress during `sluice run` (its counters, and how many shards ended). */
export interface StageProgress extends StageCounters {
  readonly stageId: string;
  readonly label: string;
  readonly shards: number;
  readonly shardsDone: number;
}

export interface PipelineProgress {
  readonly stages: readonly StageProgress[];
  /** Every open shard of every stage has committed end-of-stream. */
  readonly done: boolean;
}

/**
 * Committed progress of a running pipeline, for `sluice run`'s progress and summary. These numbers
 * come from the checkpoints, so they are exactly-once. It reads through the same status reader as
 * `sluice status` and the console.
 */
export class PipelineMonitor {
  private readonly ref: PipelineRef;

  constructor(
    spec: PipelineSpec,
    private readonly dynamo: DynamoDBClient,
    private readonly kinesis: KinesisClient,
  ) {
    this.ref = {
      name: spec.name,
      table: resourceNames.table(spec.name),
      spec,
      stages: stagesOf(spec),
      createdAt: null,
    };
  }

  async poll(): Promise<PipelineProgress> {
    const status = await readPipelineStatus({ dynamo: this.dynamo, kinesis: this.kinesis }, this.ref, {
      measureLag: false,
    });
    if (status.failure) {
      throw new BadDataError(
        `${status.failure}. Fix the input, or set bad_data = 'drop' on the source to dead-letter bad records and go on.`,
      );
    }
    return {
      done: status.state === 'done',
      stages: status.stages.map((s) => ({
        stageId: s.id,
        label: s.label,
        shards: s.openShards,
        shardsDone: s.eosShards,
        in: s.in,
        out: s.out,
        dlq: s.dlq,
        late: s.late,
        dup: s.dup,
        invocations: s.invocations,
        wcu: s.wcu,
        putUnits: s.putUnits,
        bytesOut: s.bytesOut,
      })),
    };
  }
}

/** A source with bad_data = 'fail' met a record it cannot read: a user error (exit 2). */
export class BadDataError extends Error {
  readonly code = 'BAD_DATA';
  constructor(message: string) {
    super(message);
    this.name = 'BadDataError';
  }
}
