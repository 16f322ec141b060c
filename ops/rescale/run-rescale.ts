import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamSummaryCommand,
  type KinesisClient,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { listCheckpoints } from '../../functions/index.ts';
import { listAllShards } from '../status/read-status.ts';
import { RescaleError } from './errors.ts';
import { type Allowance, checkAllowance, planRescale, type RescalePlan } from './plan.ts';
import { recentRescaleCalls, recordRescaleCall } from './rescale-log.ts';

export type RescalePhase = 'planned' | 'updating' | 'active' | 'waiting-consumers' | 'done' | 'failed';

/** A progress event of a running rescale; the last one has phase `done` or `failed`. */
export interface RescaleProgress {
  readonly phase: RescalePhase;
  readonly plan: RescalePlan;
  /** Index into plan.steps of the call in progress or last finished (-1 before the first). */
  readonly step: number;
  /** Open shards of the stream now. */
  readonly openShards: number;
  readonly message: string;
  /** Open shards created by this rescale, and those of them already consumed. */
  readonly newShards: readonly string[];
  readonly consuming: readonly string[];
  readonly allowance: Allowance | null;
  readonly at: number;
}

export interface RescaleTarget {
  readonly table: string;
  readonly stageId: string;
  readonly stream: string;
}

export interface RescaleOptions extends RescaleTarget {
  readonly kinesis: KinesisClient;
  readonly dynamo: DynamoDBClient;
  readonly target: number;
  readonly onProgress?: (p: RescaleProgress) => void;
  /** Shard ids the stage's event source mapping is polling, when observable (local emulator). */
  readonly polledShards?: () => ReadonlySet<string> | undefined;
  /** How long to wait for the new shards to be consumed after they are ACTIVE. @default 60 s */
  readonly consumerWaitMs?: number;
  readonly pollMs?: number;
  /** Who made the call, recorded with it. @default 'sluice' */
  readonly by?: string;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Current open shard count and status of a stream. */
export async function streamShape(kinesis: KinesisClient, stream: string) {
  const res = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
  const d = res.StreamDescriptionSummary;
  return {
    status: d?.StreamStatus ?? 'UNKNOWN',
    open: d?.OpenShardCount ?? 0,
    mode: d?.StreamModeDetails?.StreamMode,
  };
}

/** Plans a rescale against the stream's current shape and the 24-hour allowance, without calling. */
export async function planFor(opts: {
  kinesis: KinesisClient;
  dynamo: DynamoDBClient;
  table: string;
  stream: string;
  target: number;
  now?: () => number;
}): Promise<{ plan: RescalePlan; allowance: Allowance; status: string }> {
  const now = (opts.now ?? Date.now)();
  const shape = await streamShape(opts.kinesis, opts.stream);
  if (shape.mode === 'ON_DEMAND') {
    throw new RescaleError(
      'RESCALE_INVALID_TARGET',
      `stream ${opts.stream} is in on-demand mode; UpdateShardCount needs provisioned mode`,
    );
  }
  const plan = planRescale(shape.open, opts.target);
  const calls = await recentRescaleCalls(opts.dynamo, opts.table, opts.stream, now);
  return { plan, allowance: checkAllowance(plan, calls, now), status: shape.status };
}

/**
 * Rescales a stage's input stream to `target` open shards with UpdateShardCount (UNIFORM_SCALING),
 * in as many 0.5×–2× calls as needed, recording each call. Then waits until the new shards are
 * consumed: a checkpoint exists for them, or the event source mapping polls them.
 */
export async function runRescale(opts: RescaleOptions): Promise<RescaleProgress> {
  const now = opts.now ?? Date.now;
  const pollMs = opts.pollMs ?? 250;
  const before = new Set((await listAllShards(opts.kinesis, opts.stream)).map((s) => s.ShardId ?? ''));
  const { plan, allowance, status } = await planFor(opts);
  let last: RescaleProgress = {
    phase: 'planned',
    plan,
    step: -1,
    openShards: plan.from,
    message:
      plan.steps.length === 0
        ? `${opts.stream} already has ${plan.to} open shard(s)`
        : `plan: ${plan.summary} (${plan.steps.length} UpdateShardCount call(s); ${allowance.remaining} of 10 left in 24 h)`,
    newShards: [],
    consuming: [],
    allowance,
    at: now(),
  };
  const emit = (p: Partial<RescaleProgress>) => {
    last = { ...last, ...p, at: now() };
    opts.onProgress?.(last);
    return last;
  };
  emit({});
  if (plan.steps.length === 0) return emit({ phase: 'done' });
  if (status !== 'ACTIVE') {
    throw new RescaleError('RESCALE_BUSY', `stream ${opts.stream} is ${status}; wait until it is ACTIVE`);
  }
  for (const [i, to] of plan.steps.entries()) {
    const from = i === 0 ? plan.from : (plan.steps[i - 1] ?? plan.from);
    emit({
      phase: 'updating',
      step: i,
      message: `UpdateShardCount ${from} → ${to} (call ${i + 1} of ${plan.steps.length})`,
    });
    try {
      await opts.kinesis.send(
        new UpdateShardCountCommand({
          StreamName: opts.stream,
          TargetShardCount: to,
          ScalingType: 'UNIFORM_SCALING',
        }),
      );
    } catch (err) {
      const name = (err as Error).name;
      const code = name === 'LimitExceededException' ? 'RESCALE_LIMIT' : 'RESCALE_FAILED';
      throw new RescaleError(
        code,
        `UpdateShardCount ${from} → ${to} on ${opts.stream} failed: ${name}: ${(err as Error).message}`,
      );
    }
    await recordRescaleCall(opts.dynamo, opts.table, {
      stream: opts.stream,
      at: now(),
      from,
      to,
      by: opts.by ?? 'sluice',
    });
    for (;;) {
      opts.signal?.throwIfAborted();
      const shape = await streamShape(opts.kinesis, opts.stream);
      if (shape.status === 'ACTIVE' && shape.open === to) {
        emit({
          phase: 'active',
          openShards: shape.open,
          message: `${opts.stream} is ACTIVE with ${to} open shard(s)`,
        });
        break;
      }
      emit({
        openShards: shape.open,
        message: `${opts.stream} is ${shape.status} (${shape.open} open shards)`,
      });
      await sleep(pollMs);
    }
  }
  const open = (await listAllShards(opts.kinesis, opts.stream)).filter(
    (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
  );
  const newShards = open.map((s) => s.ShardId ?? '').filter((id) => !before.has(id));
  emit({
    phase: 'waiting-consumers',
    newShards,
    message: `waiting for ${newShards.length} new shard(s) to be consumed`,
  });
  const deadline = now() + (opts.consumerWaitMs ?? 60_000);
  for (;;) {
    opts.signal?.throwIfAborted();
    const committed = new Set(
      (await listCheckpoints(opts.dynamo, opts.table, opts.stageId)).map((c) => c.shardId),
    );
    const polled = opts.polledShards?.() ?? new Set<string>();
    const consuming = newShards.filter((id) => committed.has(id) || polled.has(id));
    if (consuming.length === newShards.length) {
      return emit({
        phase: 'done',
        consuming,
        message: `done: ${plan.summary}; every new shard is consumed`,
      });
    }
    if (now() > deadline) {
      const waiting = newShards.filter((id) => !consuming.includes(id));
      return emit({
        phase: 'done',
        consuming,
        message:
          `done: ${plan.summary}; ${waiting.length} new shard(s) not consumed yet (${waiting.join(', ')}): ` +
          'a shard shows up once its parent is drained and it gets records',
      });
    }
    emit({ consuming, message: `${consuming.length} of ${newShards.length} new shard(s) consumed` });
    await sleep(pollMs);
  }
}
