import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import { resourceNames } from '../compiler/spec/index.ts';
import { listCheckpoints, readFailure } from '../functions/state/checkpoint-store.ts';
import { inputStreamName } from './stream-names.ts';

export interface StageProgress {
  readonly stageId: string;
  readonly label: string;
  readonly shards: number;
  readonly shardsDone: number;
  readonly in: number;
  readonly out: number;
  readonly dlq: number;
  readonly late: number;
  readonly dup: number;
  readonly invocations: number;
  readonly wcu: number;
  readonly putUnits: number;
  readonly bytesOut: number;
}

export interface PipelineProgress {
  readonly stages: readonly StageProgress[];
  /** Every shard of every stage has committed end-of-stream. */
  readonly done: boolean;
}

/** Reads committed progress from the stages' checkpoints; these numbers are exactly-once. */
export class PipelineMonitor {
  private readonly shardCounts = new Map<string, { open: number; at: number }>();

  constructor(
    private readonly spec: PipelineSpec,
    private readonly dynamo: DynamoDBClient,
    private readonly kinesis: KinesisClient,
  ) {}

  async poll(): Promise<PipelineProgress> {
    const table = resourceNames.table(this.spec.name);
    const failure = await readFailure(this.dynamo, table);
    if (failure) {
      throw new BadDataError(
        `stage ${failure.stage} stopped the pipeline: ${failure.reason}${failure.position ? ` (at ${failure.position})` : ''}. ` +
          `Fix the input, or set bad_data = 'drop' on the source to dead-letter bad records and go on.`,
      );
    }
    const stages: StageProgress[] = [];
    for (const stage of this.spec.stages) {
      const checkpoints = await listCheckpoints(this.dynamo, table, stage.id);
      const shards = await this.openShards(inputStreamName(this.spec, stage));
      const sum = (f: (s: Record<string, number>) => number) =>
        checkpoints.reduce((acc, cp) => acc + f(cp.doc.stats as unknown as Record<string, number>), 0);
      stages.push({
        stageId: stage.id,
        label: stage.label,
        shards,
        shardsDone: checkpoints.filter((cp) => cp.doc.eos).length,
        in: sum((s) => s.in ?? 0),
        out: sum((s) => s.out ?? 0),
        dlq: sum((s) => s.dlq ?? 0),
        late: sum((s) => s.late ?? 0),
        dup: sum((s) => s.dup ?? 0),
        invocations: sum((s) => s.invocations ?? 0),
        wcu: sum((s) => s.wcu ?? 0),
        putUnits: sum((s) => s.putUnits ?? 0),
        bytesOut: sum((s) => s.bytesOut ?? 0),
      });
    }
    return { stages, done: stages.every((s) => s.shardsDone >= s.shards) };
  }

  /** Open shards of a stream, re-read every few seconds so a rescale (or a reshard from outside) counts. */
  private async openShards(streamName: string): Promise<number> {
    const cached = this.shardCounts.get(streamName);
    if (cached !== undefined && Date.now() - cached.at < 2_000) return cached.open;
    const res = await this.kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    const open = (res.Shards ?? []).filter(
      (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
    ).length;
    this.shardCounts.set(streamName, { open, at: Date.now() });
    return open;
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
