import {
  type KinesisClient,
  ListShardsCommand,
  MergeShardsCommand,
  type Shard,
  SplitShardCommand,
  UpdateShardCountCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import type { ReshardFault } from '../../functions/index.ts';
import { chaosInt, chaosUnit } from '../../functions/index.ts';
import { localSource } from '../connectors/local-facets.ts';

/** At most this many reshards per stream in one run, and never more open shards than this. */
const MAX_OPS_PER_STREAM = 4;
const MAX_OPEN_SHARDS = 4;

const open = (s: Shard) => s.SequenceNumberRange?.EndingSequenceNumber === undefined;
const startOf = (s: Shard) => BigInt(s.HashKeyRange?.StartingHashKey ?? '0');
const endOf = (s: Shard) => BigInt(s.HashKeyRange?.EndingHashKey ?? '0');

/**
 * Reshards a pipeline's internal input streams mid-run (part of `--chaos SEED`): SplitShard,
 * MergeShards, and UpdateShardCount up and down, chosen by the seed, while the stage that reads the
 * stream is running. Fact 4: nothing promises that a parent shard is finished before its children;
 * invariant I5 (lineage) must make that safe.
 */
export class ReshardDriver {
  readonly #ops = new Map<string, number>();
  readonly #busy = new Set<string>();
  #ticks = 0;

  constructor(
    readonly spec: PipelineSpec,
    readonly kinesis: KinesisClient,
    readonly seed: number,
    readonly kinds: readonly ReshardFault[],
    readonly onFault: (kind: ReshardFault) => void,
  ) {}

  /** The internal streams stages read (ingest and edges; a user's kinesis source is never touched). */
  streams(): { stageId: string; stream: string }[] {
    return this.spec.stages.flatMap((stage) =>
      stage.input.kind === 'source' && !localSource(stage.input.source).reshardUnderChaos
        ? []
        : [{ stageId: stage.id, stream: resourceNames.stream(this.spec.name, stage.input.stream) }],
    );
  }

  /**
   * Called on every progress poll with the stages that have committed input but are not done: may
   * reshard one of their streams (one call in flight per stream). Also after the stream's producers
   * ended: a child created then gets their end-of-stream again (the clock for edge streams, the
   * session for ingest streams).
   */
  async tick(running: ReadonlySet<string>): Promise<void> {
    const t = this.#ticks++;
    for (const { stageId, stream } of this.streams()) {
      if (!running.has(stageId) || this.#busy.has(stream)) continue;
      const done = this.#ops.get(stream) ?? 0;
      if (done >= MAX_OPS_PER_STREAM) continue;
      // a seeded coin per poll spreads the reshards over the run
      if (chaosUnit(this.seed, 'reshard-when', stream, done, t) > 0.35) continue;
      this.#busy.add(stream);
      try {
        const kind = await this.#reshard(stream, done);
        this.#ops.set(stream, done + 1);
        if (kind) this.onFault(kind);
      } finally {
        this.#busy.delete(stream);
      }
    }
  }

  async #reshard(stream: string, n: number): Promise<ReshardFault | undefined> {
    const shards = ((await this.kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [])
      .filter(open)
      .sort((a, b) => (startOf(a) < startOf(b) ? -1 : 1));
    const kinds = this.kinds;
    const first = chaosInt(this.seed, 0, kinds.length - 1, 'reshard-kind', stream);
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(first + n + k) % kinds.length]!;
      const count = shards.length;
      switch (kind) {
        case 'reshard-split': {
          if (count >= MAX_OPEN_SHARDS) continue;
          const shard = shards[chaosInt(this.seed, 0, count - 1, 'split', stream, n)]!;
          const mid = (startOf(shard) + endOf(shard) + 1n) / 2n;
          await this.kinesis.send(
            new SplitShardCommand({
              StreamName: stream,
              ShardToSplit: shard.ShardId,
              NewStartingHashKey: mid.toString(),
            }),
          );
          break;
        }
        case 'reshard-merge': {
          if (count < 2) continue;
          const i = chaosInt(this.seed, 0, count - 2, 'merge', stream, n);
          await this.kinesis.send(
            new MergeShardsCommand({
              StreamName: stream,
              ShardToMerge: shards[i]!.ShardId,
              AdjacentShardToMerge: shards[i + 1]!.ShardId,
            }),
          );
          break;
        }
        case 'reshard-scale-up':
        case 'reshard-scale-down': {
          const target = kind === 'reshard-scale-up' ? count + 1 : Math.ceil(count / 2);
          if (target === count || target > MAX_OPEN_SHARDS || target < 1) continue;
          await this.kinesis.send(
            new UpdateShardCountCommand({
              StreamName: stream,
              TargetShardCount: target,
              ScalingType: 'UNIFORM_SCALING',
            }),
          );
          break;
        }
        default: {
          const never: never = kind;
          throw new Error(`unknown reshard ${String(never)}`);
        }
      }
      await waitUntilStreamExists(
        { client: this.kinesis, maxWaitTime: 30, minDelay: 1 },
        { StreamName: stream },
      );
      return kind;
    }
    return undefined;
  }
}
