import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { listCheckpoints, readFailure, WM_MAX, WM_MIN } from '../../functions/index.ts';
import type { PipelineRef, StageRef } from '../registry/pipeline-registry.ts';

/** One shard of a stage's input stream and its committed checkpoint (I1). */
export interface ShardStatus {
  readonly shardId: string;
  readonly open: boolean;
  readonly parentShardId: string | null;
  /** Checkpoint epoch; 0 when the shard has committed nothing yet. */
  readonly epoch: number;
  /** Last committed input sequence number ("0": none). */
  readonly seq: string;
  /** Stage watermark after `seq`, ms; null before any event, `Infinity` after end-of-stream. */
  readonly watermark: number | null;
  readonly eos: boolean;
  readonly in: number;
  readonly out: number;
  /**
   * Committed lag: age of the oldest record after the committed sequence number (its
   * ApproximateArrivalTimestamp), ms; 0 when the shard is caught up; null when not measured.
   */
  readonly lagMs: number | null;
}

/**
 * The cumulative, exactly-once counters of one stage, summed over its shards' checkpoints: what
 * `sluice status`, the console and `sluice run`'s progress (ops/status/monitor.ts) all show.
 */
export interface StageCounters {
  readonly in: number;
  readonly out: number;
  readonly dlq: number;
  readonly late: number;
  readonly dup: number;
  readonly invocations: number;
  readonly bytesOut: number;
  readonly wcu: number;
  readonly putUnits: number;
}

/** One stage's counters, shards and watermark. */
export interface StageStatus extends StageCounters {
  readonly id: string;
  readonly label: string;
  readonly inputStream: string;
  readonly upstream: readonly string[];
  readonly openShards: number;
  /** Minimum watermark over the open shards that committed (null: none yet). */
  readonly watermark: number | null;
  readonly eosShards: number;
  /** Largest committed lag over the stage's shards, ms (null when not measured). */
  readonly lagMs: number | null;
  readonly shards: readonly ShardStatus[];
}

export type PipelineState = 'running' | 'done' | 'failed' | 'idle';

export interface PipelineStatus {
  readonly name: string;
  readonly at: number;
  readonly state: PipelineState;
  readonly failure: string | null;
  readonly stages: readonly StageStatus[];
}

export interface ReadStatusOptions {
  /** Measure committed lag with GetShardIterator/GetRecords per shard. @default true */
  readonly measureLag?: boolean;
  readonly now?: () => number;
}

const toWatermark = (wm: number): number | null =>
  wm <= WM_MIN ? null : wm >= WM_MAX ? Number.POSITIVE_INFINITY : wm;

/** Reads a pipeline's status from its checkpoints and its streams: works on any endpoint. */
export async function readPipelineStatus(
  clients: { dynamo: DynamoDBClient; kinesis: KinesisClient },
  ref: PipelineRef,
  opts: ReadStatusOptions = {},
): Promise<PipelineStatus> {
  const now = opts.now ?? Date.now;
  const failure = await readFailure(clients.dynamo, ref.table);
  const stages = await Promise.all(ref.stages.map((s) => readStageStatus(clients, ref.table, s, opts)));
  const done = stages.length > 0 && stages.every((s) => s.openShards > 0 && s.eosShards >= s.openShards);
  const started = stages.some((s) => s.in > 0);
  return {
    name: ref.name,
    at: now(),
    state: failure ? 'failed' : done ? 'done' : started ? 'running' : 'idle',
    failure: failure
      ? `stage ${failure.stage}: ${failure.reason}${failure.position ? ` (at ${failure.position})` : ''}`
      : null,
    stages,
  };
}

async function readStageStatus(
  clients: { dynamo: DynamoDBClient; kinesis: KinesisClient },
  table: string,
  stage: StageRef,
  opts: ReadStatusOptions,
): Promise<StageStatus> {
  const [checkpoints, shards] = await Promise.all([
    listCheckpoints(clients.dynamo, table, stage.id),
    listAllShards(clients.kinesis, stage.inputStream),
  ]);
  const byShard = new Map(checkpoints.map((c) => [c.shardId, c]));
  const measure = opts.measureLag ?? true;
  const now = opts.now ?? Date.now;
  const shardStatus = await Promise.all(
    shards.map(async (shard): Promise<ShardStatus> => {
      const id = shard.ShardId ?? '';
      const cp = byShard.get(id);
      const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      const seq = cp?.doc.seq ?? '0';
      return {
        shardId: id,
        open,
        parentShardId: shard.ParentShardId ?? null,
        epoch: cp?.epoch ?? 0,
        seq,
        watermark: cp ? toWatermark(cp.doc.wm) : null,
        eos: cp?.doc.eos ?? false,
        in: cp?.doc.stats.in ?? 0,
        out: cp?.doc.stats.out ?? 0,
        lagMs: measure ? await committedLag(clients.kinesis, stage.inputStream, id, seq, now) : null,
      };
    }),
  );
  const sum = (f: (s: Record<string, number>) => number) =>
    checkpoints.reduce((a, c) => a + f(c.doc.stats as unknown as Record<string, number>), 0);
  const openWms = shardStatus.filter((s) => s.open && s.epoch > 0).map((s) => s.watermark ?? -Infinity);
  const minWm = openWms.length === 0 ? null : Math.min(...openWms);
  const lags = shardStatus.map((s) => s.lagMs).filter((l): l is number => l !== null);
  return {
    id: stage.id,
    label: stage.label,
    inputStream: stage.inputStream,
    upstream: stage.upstream,
    openShards: shardStatus.filter((s) => s.open).length,
    in: sum((s) => s.in ?? 0),
    out: sum((s) => s.out ?? 0),
    dlq: sum((s) => s.dlq ?? 0),
    late: sum((s) => s.late ?? 0),
    dup: sum((s) => s.dup ?? 0),
    invocations: sum((s) => s.invocations ?? 0),
    bytesOut: sum((s) => s.bytesOut ?? 0),
    wcu: sum((s) => s.wcu ?? 0),
    putUnits: sum((s) => s.putUnits ?? 0),
    watermark: minWm === null || minWm === -Infinity ? null : minWm,
    eosShards: shardStatus.filter((s) => s.open && s.eos).length,
    lagMs: lags.length === 0 ? null : Math.max(...lags),
    shards: shardStatus,
  };
}

/** Every shard of a stream, closed parents included, sorted by id. */
export async function listAllShards(kinesis: KinesisClient, streamName: string): Promise<Shard[]> {
  const out: Shard[] = [];
  let token: string | undefined;
  do {
    const res = await kinesis.send(
      new ListShardsCommand(token ? { NextToken: token } : { StreamName: streamName }),
    );
    out.push(...(res.Shards ?? []));
    token = res.NextToken;
  } while (token);
  return out.sort((a, b) => ((a.ShardId ?? '') < (b.ShardId ?? '') ? -1 : 1));
}

/** Age of the first record after `seq` on the shard, or 0 when there is none (caught up). */
async function committedLag(
  kinesis: KinesisClient,
  streamName: string,
  shardId: string,
  seq: string,
  now: () => number,
): Promise<number | null> {
  try {
    const it = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ...(seq === '0'
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: seq }),
      }),
    );
    if (!it.ShardIterator) return 0;
    const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 1 }));
    const first = res.Records?.[0];
    if (!first?.ApproximateArrivalTimestamp) return 0;
    return Math.max(0, now() - first.ApproximateArrivalTimestamp.getTime());
  } catch {
    return null;
  }
}
