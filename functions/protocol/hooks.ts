import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import type { ShardDirectory } from '../aws/shard-directory.ts';
import type { Checkpoint } from '../state/checkpoint.ts';
import { producerKey } from './dedupe.ts';
import { inputStreamName, stageById } from './topology.ts';

/**
 * I5 (lineage) plugs in here. Not implemented yet: today every shard starts from its own
 * checkpoint and an edge stage waits for the open shards of its upstream stages' input streams.
 */
export interface LineageHook {
  /**
   * Called with the checkpoint read for (stage, shard) before any record is processed.
   * TODO(I5): for a child shard's first invocation (epoch 0, ParentShardId set), prove that every
   * parent's committed seq is the parent's last record (else throw a retryable error), then return
   * a start state that inherits the parents' watermark, dedupe map and key-group page refs, and mark
   * the parents closed (their checkpoints gain `closed: true` through the same conditional write).
   */
  resolveStart(cp: Checkpoint): Promise<Checkpoint>;
  /**
   * Producer keys `"<stage>/<shard>"` the edge watermark is the minimum over.
   * TODO(I5): closed producer shards leave the minimum (and the dedupe map) once inherited.
   */
  expectedProducers(spec: PipelineSpec, stage: StageSpec): Promise<string[]>;
}

/** Today's behaviour: no lineage; expected producers = the open shards of each upstream input stream. */
export const openShardsLineage = (shards: ShardDirectory): LineageHook => ({
  resolveStart: async (cp) => cp,
  async expectedProducers(spec, stage) {
    if (stage.input.kind !== 'edge') return [];
    const out: string[] = [];
    for (const from of stage.input.from) {
      const open = await shards.open(inputStreamName(spec, stageById(spec, from)));
      for (const s of open) out.push(producerKey(from, s.shardId));
    }
    return out.sort();
  },
});

/**
 * I6 (deterministic clock) plugs in here. Not implemented yet.
 * TODO(I6): a scheduled clock function (EventBridge in the cloud, a timer locally) calls
 * `advance` for an idle (stage, shard). It must advance the watermark through the SAME
 * conditional checkpoint write (epoch = read), and attribute any window results it fires to a
 * deterministic position (e.g. a clock tick record written to the stage's own input stream, so
 * replays see it in-band) — never to the wall clock at replay time.
 */
export interface ClockHook {
  advance(stageId: string, shardId: string, watermark: number): Promise<void>;
}
