import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import { makeS3 } from '../aws/clients.ts';
import { ShardDirectory } from '../aws/shard-directory.ts';
import type { StageClients } from '../aws/stage-clients.ts';
import { withKafkaPartitions } from '../connectors/kafka/kafka-partition-directory.ts';
import type { SinkObjects } from '../connectors/s3/s3-sink-keys.ts';
import { sinkObjectsOf } from '../connectors/s3/s3-sink-pending.ts';
import { createOperatorChain, type OperatorChain } from '../operators/operator-chain.ts';
import { badDataOf, inputStreamName, sourceDropsLate, stageById } from '../wire/topology.ts';
import type { LineageHook } from './hooks.ts';
import { createLineage } from './lineage.ts';
import type { ParsedSourceRow } from './source-parser.ts';
import { createParserWithVirtuals } from './virtual-columns.ts';

/** Operator state a warm container keeps per shard, with the page ref each key group was loaded from. */
export interface CachedShardState {
  readonly chain: OperatorChain;
  readonly refs: ReadonlyMap<number, string>;
}

/**
 * Per-container cache of loaded state. An invocation TAKES its shard's entry (so a failed
 * invocation can never leave half-mutated state behind) and puts it back only after its commit won.
 */
export class StateCache {
  private readonly byShard = new Map<string, CachedShardState>();

  take(shardId: string): CachedShardState | undefined {
    const hit = this.byShard.get(shardId);
    this.byShard.delete(shardId);
    return hit;
  }

  put(shardId: string, state: CachedShardState): void {
    this.byShard.set(shardId, state);
  }

  clear(): void {
    this.byShard.clear();
  }
}

/** Everything a stage needs across invocations of one container (built once at cold start). */
export interface StageContext {
  readonly spec: PipelineSpec;
  readonly stage: StageSpec;
  readonly table: string;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  /** A filesystem sink's client and object layout (undefined for any other output). */
  readonly s3: { readonly client: S3Client; readonly objects: SinkObjects } | undefined;
  readonly shards: ShardDirectory;
  readonly lineage: LineageHook;
  readonly cache: StateCache;
  readonly inputStream: string;
  readonly dropLate: boolean;
  readonly badData: 'fail' | 'drop';
  readonly parseSource: ((raw: string) => ParsedSourceRow) | undefined;
  /** Run the page sweeper after every N-th epoch. */
  readonly sweepEvery: number;
  newChain(): OperatorChain;
  newAttemptId(): string;
  now(): number;
}

/** `s3` is used when the stage writes a filesystem sink; without one, makeS3() (AWS_ENDPOINT_URL). */
export interface StageContextOptions extends StageClients {
  readonly shards?: ShardDirectory;
  readonly lineage?: LineageHook;
  readonly sweepEvery?: number;
  readonly now?: () => number;
}

export function createStageContext(opts: StageContextOptions): StageContext {
  const { spec } = opts;
  const stage = stageById(spec, opts.stageId);
  const shards =
    opts.shards ??
    withKafkaPartitions(spec, new ShardDirectory(opts.kinesis), (st) => inputStreamName(spec, st));
  const objects = sinkObjectsOf(spec, stage);
  return {
    spec,
    stage,
    table: opts.table,
    dynamo: opts.dynamo,
    kinesis: opts.kinesis,
    s3: objects && { client: opts.s3 ?? makeS3(), objects },
    shards,
    lineage:
      opts.lineage ??
      createLineage({ spec, stage, table: opts.table, dynamo: opts.dynamo, kinesis: opts.kinesis, shards }),
    cache: new StateCache(),
    inputStream: inputStreamName(spec, stage),
    dropLate: stage.input.kind === 'source' && sourceDropsLate(spec, stage),
    badData: badDataOf(spec, stage),
    parseSource: stage.input.kind === 'source' ? createParserWithVirtuals(stage.input.source) : undefined,
    sweepEvery: opts.sweepEvery ?? 8,
    newChain: () => createOperatorChain(stage, { keyGroups: spec.keyGroups }),
    newAttemptId: () => randomBytes(6).toString('hex'),
    now: opts.now ?? Date.now,
  };
}
