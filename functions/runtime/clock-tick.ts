import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import { type OutRecord, putAll } from '../aws/put-records.ts';
import { ShardDirectory } from '../aws/shard-directory.ts';
import { CommitConflictError, LineageNotReadyError } from '../errors.ts';
import type { Checkpoint, CheckpointDoc } from '../state/checkpoint.ts';
import {
  checkpointItem,
  commitCheckpoint,
  listCheckpoints,
  loadCheckpoint,
} from '../state/checkpoint-store.ts';
import { markerRecord } from '../wire/envelope-packer.ts';
import { inputStreamName, outputStreamName, stageById } from '../wire/topology.ts';
import { isEos } from '../wire/watermark.ts';
import { decideTick, effectiveWatermark } from './clock.ts';
import type { ClockHook, ClockTickResult } from './hooks.ts';
import { createLineage } from './lineage.ts';
import { readTail } from './lineage-proof.ts';

export interface ClockOptions {
  readonly spec: PipelineSpec;
  readonly table: string;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  readonly shards?: ShardDirectory;
}

/** Source stages the clock drives: a source with `idleMs` whose output is a shuffle (it has markers to send). */
export const clockedStages = (spec: PipelineSpec): StageSpec[] =>
  spec.stages.filter(
    (s) => s.input.kind === 'source' && s.input.source.idleMs !== null && s.output.kind === 'shuffle',
  );

/**
 * I6: the clock's tick for one source shard. Decides from the committed checkpoint and the wall
 * clock (`decideTick`), commits the decision with the epoch-conditioned checkpoint write every
 * invocation uses, and only after winning emits the watermark markers (so nothing emitted under the
 * old state can follow them). A racing invocation and the tick cannot both commit the same epoch:
 * the loser gets a condition failure; an invocation retries, a tick gives up until the next one.
 * The tick never changes `seq`, `wm`, dedupe or state, so how records are processed does not
 * depend on whether a tick ran (replay never depends on the wall clock).
 */
export function createClock(opts: ClockOptions): ClockHook {
  const { spec, table, dynamo, kinesis } = opts;
  const shards = opts.shards ?? new ShardDirectory(kinesis, 0);

  const commit = async (cp: Checkpoint, doc: CheckpointDoc): Promise<number | undefined> => {
    const epoch = cp.epoch + 1;
    const { item } = checkpointItem(cp.stageId, cp.shardId, epoch, doc);
    try {
      await commitCheckpoint(dynamo, table, cp.stageId, cp.shardId, cp.epoch, item);
      return epoch;
    } catch (err) {
      if (err instanceof CommitConflictError) return undefined;
      throw err;
    }
  };

  /** Markers from (stage, shard) to every open shard of its output stream, re-listing once if resharded. */
  /** Markers carry the shard's lineage whenever it has one: announcing again is harmless (I5). */
  const emitMarkers = async (stage: StageSpec, shardId: string, doc: CheckpointDoc, w: number) => {
    const stream = outputStreamName(spec, stage)!;
    for (let attempt = 0; ; attempt++) {
      shards.invalidate(stream);
      const open = await shards.open(stream);
      const records: OutRecord[] = open.map((t) => ({
        data: markerRecord({
          producer: stage.id,
          shard: shardId,
          frontier: doc.seq,
          lo: doc.seq,
          hi: doc.seq,
          watermark: w,
          eos: isEos(w),
          target: t.shardId,
          lineage: doc.lineage?.lin,
        }),
        partitionKey: `${stage.id}/${shardId}`,
        explicitHashKey: t.startingHashKey,
        expectShardId: t.shardId,
      }));
      const res = await putAll(kinesis, stream, records);
      if (res.misrouted === 0 || attempt >= 3) return records.length;
    }
  };

  return {
    /**
     * End-of-stream for shards created after a producer finished (I5 × I6): a producer shard that
     * committed end-of-stream re-sends its final marker when the stage it feeds has an open shard
     * that has not reached end-of-stream (e.g. a child from a reshard after the producer's last
     * record, which no record would ever reach). Markers are idempotent: an empty claim and +inf.
     */
    async reannounceEos(stageId: string): Promise<number> {
      const stage = stageById(spec, stageId);
      const out = outputStreamName(spec, stage);
      const consumer = out
        ? spec.stages.find((s) => s.id !== stage.id && inputStreamName(spec, s) === out)
        : undefined;
      if (!out || !consumer) return 0;
      shards.invalidate(out);
      const open = await shards.open(out);
      const downstream = await listCheckpoints(dynamo, table, consumer.id);
      const waiting = open.some((o) => !downstream.find((cp) => cp.shardId === o.shardId)?.doc.eos);
      if (!waiting) return 0;
      let sent = 0;
      for (const cp of await listCheckpoints(dynamo, table, stageId)) {
        if (!isEos(cp.doc.wm) || cp.doc.closed) continue;
        sent += await emitMarkers(stage, cp.shardId, cp.doc, cp.doc.wm);
      }
      return sent;
    },
    async tick(stageId, shardId, nowMs): Promise<ClockTickResult> {
      const stage = stageById(spec, stageId);
      if (stage.input.kind !== 'source') return { kind: 'skipped', reason: 'not a source stage' };
      const source = stage.input.source;
      const stream = inputStreamName(spec, stage);
      let cp = await loadCheckpoint(dynamo, table, stageId, shardId);
      const first = cp.epoch === 0;
      if (first) {
        try {
          cp = await createLineage({ spec, stage, table, dynamo, kinesis, shards }).resolveStart(cp);
        } catch (err) {
          if (err instanceof LineageNotReadyError) return { kind: 'skipped', reason: err.message };
          throw err;
        }
      }
      const pending = (await readTail(kinesis, stream, shardId, cp.doc.seq)) === 'records';
      const others = (await listCheckpoints(dynamo, table, stageId))
        .filter((o) => o.shardId !== shardId && !o.doc.closed)
        .map((o) => effectiveWatermark(o.doc));
      const decision = decideTick({ doc: cp.doc, pending, nowMs, idleMs: source.idleMs, others });
      switch (decision.kind) {
        case 'skip':
          return { kind: 'skipped', reason: decision.reason };
        case 'mark-idle': {
          const doc = { ...cp.doc, idleSince: decision.since };
          const epoch = await commit(cp, doc);
          if (epoch === undefined) return { kind: 'conflict', epoch: cp.epoch };
          // A child's first commit announces its lineage downstream (I5), like an invocation's would.
          if (first && doc.lineage) await emitMarkers(stage, shardId, doc, doc.wm);
          return { kind: 'idle-since', since: decision.since, epoch };
        }
        case 'advance': {
          const doc = { ...cp.doc, idleWm: decision.watermark };
          const epoch = await commit(cp, doc);
          if (epoch === undefined) return { kind: 'conflict', epoch: cp.epoch };
          const markers = await emitMarkers(stage, shardId, doc, decision.watermark);
          return { kind: 'advanced', watermark: decision.watermark, epoch, markers };
        }
        default: {
          const never: never = decision;
          throw new Error(`unknown decision ${JSON.stringify(never)}`);
        }
      }
    },
  };
}

export interface ClockRunResult {
  readonly stageId: string;
  readonly shardId: string;
  readonly result: ClockTickResult;
}

/** One clock run over a pipeline: a tick for every open shard of every clocked source stage. */
export async function runClock(opts: ClockOptions & { readonly nowMs: number }): Promise<ClockRunResult[]> {
  const shards = opts.shards ?? new ShardDirectory(opts.kinesis, 0);
  const clock = createClock({ ...opts, shards });
  const out: ClockRunResult[] = [];
  for (const stage of opts.spec.stages) {
    const sent = await clock.reannounceEos(stage.id);
    if (sent > 0) {
      out.push({
        stageId: stage.id,
        shardId: '*',
        result: { kind: 'skipped', reason: `re-sent end-of-stream (${sent} markers)` },
      });
    }
  }
  for (const stage of clockedStages(opts.spec)) {
    const stream = inputStreamName(opts.spec, stage);
    for (const s of await shards.open(stream)) {
      out.push({
        stageId: stage.id,
        shardId: s.shardId,
        result: await clock.tick(stage.id, s.shardId, opts.nowMs),
      });
    }
  }
  return out;
}
