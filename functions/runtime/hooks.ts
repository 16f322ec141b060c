import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import type { ShardDirectory } from '../aws/shard-directory.ts';
import type { Checkpoint } from '../state/checkpoint.ts';
import { producerKey } from '../wire/dedupe.ts';
import { inputStreamName, stageById } from '../wire/topology.ts';

/**
 * I5 (lineage) plugs in here; `createLineage` in `lineage.ts` implements it (docs/internals.md
 * "Lineage"). `createStageContext` uses it unless a test passes another.
 */
export interface LineageHook {
  /**
   * Called with the checkpoint read for (stage, shard) before any record is processed. For a child
   * shard's first invocation (epoch 0, parents in ListShards) it proves every parent drained (else
   * throws LineageNotReadyError, code LINEAGE_NOT_READY, and the mapping retries), closes the
   * parents (conditional write) and returns a start doc inheriting their watermark inputs, dedupe
   * map and key-group page refs, with `lineage` set (the first commit announces it downstream).
   */
  resolveStart(cp: Checkpoint): Promise<Checkpoint>;
  /**
   * Seed producer keys `"<stage>/<shard>"` of an edge stage's watermark: the root shards of each
   * upstream stage's input stream. Producers heard from join; closed ones whose children were all
   * heard from leave (`liveProducers` in lineage-producers.ts).
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
 * I6 (deterministic clock); `clock-tick.ts` implements it (docs/internals.md "Clock"). The
 * scheduled clock function calls `tick` for each shard of each source stage. A tick decides from the
 * committed checkpoint and the wall clock ("idle since T, advance to W"), commits that decision with
 * the same epoch-conditioned checkpoint write as an invocation, and only then emits the watermark
 * markers. It never changes how records are processed (the source's own watermark and late-drop
 * decisions stay untouched), so a tick racing an invocation cannot make a replay differ.
 */
export interface ClockHook {
  tick(stageId: string, shardId: string, nowMs: number): Promise<ClockTickResult>;
  /** Re-sends end-of-stream from the stage's finished shards to later-created downstream shards. */
  reannounceEos(stageId: string): Promise<number>;
}

/** What one tick did on one shard. */
export type ClockTickResult =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'idle-since'; readonly since: number; readonly epoch: number }
  | {
      readonly kind: 'advanced';
      readonly watermark: number;
      readonly epoch: number;
      readonly markers: number;
    }
  | { readonly kind: 'conflict'; readonly epoch: number };
