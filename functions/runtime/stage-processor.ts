import { beginChaos, type InvocationChaos } from '../chaos/chaos-seams.ts';
import { type EmitResult, emitOutputs } from '../connectors/emit-outputs.ts';
import { publishObject, sweepStaging } from '../connectors/s3/s3-sink.ts';
import { BadDataFailure } from '../errors.ts';
import type { OperatorChain } from '../operators/operator-chain.ts';
import type { Checkpoint, CheckpointDoc } from '../state/checkpoint.ts';
import { checkpointItem, commitCheckpoint, loadCheckpoint, writeFailure } from '../state/checkpoint-store.ts';
import { stageMetricLine } from '../state/dead-letter-metric.ts';
import { writeDeadLetters } from '../state/dead-letters.ts';
import { loadPages, sweepPages, writePages } from '../state/state-pages.ts';
import { ProducerDedupe } from '../wire/dedupe.ts';
import type { KinesisEventRecord } from '../wire/kinesis-event.ts';
import { cmpSeq } from '../wire/seq.ts';
import { isEos } from '../wire/watermark.ts';
import { processRecords, type RecordLoopResult } from './process-records.ts';
import type { StageContext } from './stage-context.ts';

/** One attempt to commit the epoch after the committed checkpoint `cp`. */
interface Attempt {
  readonly cp: Checkpoint;
  readonly epoch: number;
  readonly attemptId: string;
  readonly chaos: InvocationChaos;
}

export interface ProcessResult {
  /** Records at or below the committed seq, skipped (I1). */
  readonly skipped: number;
  readonly processed: number;
  /** The epoch committed, or undefined when there was nothing new to commit. */
  readonly epoch: number | undefined;
}

/**
 * One invocation on one shard, in the order docs/internals.md fixes:
 * load checkpoint → skip ≤ committed seq (I1) → dedupe/decode/operators (I4, I2) → dead letters (I8)
 * → emit, data before markers (I3) and sink parts (I7) → state pages → ONE conditional checkpoint
 * write (I1) → cache and sweep. A filesystem sink (I7) also publishes the object the committed
 * checkpoint staged, first thing, and its own object right after its commit.
 */
export class StageProcessor {
  constructor(
    private readonly ctx: StageContext,
    readonly shardId: string,
  ) {}

  async process(records: readonly KinesisEventRecord[]): Promise<ProcessResult> {
    const { ctx, shardId } = this;
    const cp = await ctx.lineage.resolveStart(
      await loadCheckpoint(ctx.dynamo, ctx.table, ctx.stage.id, shardId),
    );
    await this.publishCommitted(cp);
    const todo = records
      .filter((r) => cmpSeq(r.kinesis.sequenceNumber, cp.doc.seq) > 0)
      .sort((a, b) => cmpSeq(a.kinesis.sequenceNumber, b.kinesis.sequenceNumber));
    const skipped = records.length - todo.length;
    if (todo.length === 0) return { skipped, processed: 0, epoch: undefined };

    const chain = await this.restoreChain(cp);
    const producers = new Map(
      Object.entries(cp.doc.producers).map(([k, v]) => [k, ProducerDedupe.fromDoc(v)]),
    );
    const loop = await this.runRecords(cp, chain, producers, todo);
    const attempt: Attempt = {
      cp,
      epoch: cp.epoch + 1,
      attemptId: ctx.newAttemptId(),
      // --chaos seams (docs/exactly-once.md): no-ops unless the function has SLUICE_CHAOS_SEED.
      chaos: beginChaos(ctx.stage.id, shardId, cp.epoch),
    };
    const { dlqUnits, emitted } = await this.emit(attempt, loop);
    const { refs, pageUnits } = await this.writeDirtyPages(attempt, chain);
    const doc = nextCheckpointDoc(
      cp.doc,
      loop,
      producers,
      refs,
      emitted,
      cp.doc.stats.wcu + dlqUnits + pageUnits,
    );
    await this.commit(attempt, doc);
    const metric = stageMetricLine(
      ctx.spec.name,
      ctx.stage.id,
      { DeadLetters: loop.stats.dlq, LateRows: loop.stats.late },
      ctx.now(),
    );
    if (metric !== undefined) console.log(metric);
    await this.afterCommit(attempt, chain, refs, emitted.sinkPart);
    return { skipped, processed: todo.length, epoch: attempt.epoch };
  }

  /** Dedupe, decode and run the records (I4, I2); a bad_data = 'fail' row records why it failed. */
  private async runRecords(
    cp: Checkpoint,
    chain: OperatorChain,
    producers: Map<string, ProducerDedupe>,
    todo: readonly KinesisEventRecord[],
  ): Promise<RecordLoopResult> {
    const { ctx, shardId } = this;
    const { stage } = ctx;
    const expectedProducers = await ctx.lineage.expectedProducers(ctx.spec, stage);
    try {
      return processRecords(
        {
          spec: ctx.spec,
          stage,
          shardId,
          streamName: ctx.inputStream,
          chain,
          producers,
          watermark: cp.doc.wm,
          srcMax: cp.doc.srcMax,
          expectedProducers,
          dropLate: ctx.dropLate,
          badData: ctx.badData,
          parseSource: ctx.parseSource,
          nowIso: new Date(ctx.now()).toISOString(),
        },
        todo,
      );
    } catch (err) {
      if (err instanceof BadDataFailure) {
        await writeFailure(ctx.dynamo, ctx.table, {
          stage: stage.id,
          shard: shardId,
          reason: err.reason,
          position: err.position,
        });
      }
      throw err;
    }
  }

  /** I8: dead letters first (idempotent keys), then I3: outputs reach their streams/files. */
  private async emit(
    { cp, epoch, attemptId, chaos }: Attempt,
    loop: RecordLoopResult,
  ): Promise<{ dlqUnits: number; emitted: EmitResult }> {
    const { ctx, shardId } = this;
    await chaos.beforeEmit();
    const dlqUnits = await writeDeadLetters(ctx.dynamo, ctx.table, loop.deadLetters);
    const emitted = await chaos.emit(() =>
      emitOutputs(
        {
          spec: ctx.spec,
          stage: ctx.stage,
          shardId,
          kinesis: ctx.kinesis,
          s3: ctx.s3?.client,
          shards: ctx.shards,
          frontier: cp.doc.seq,
          lastSeq: loop.lastSeq,
          prevWatermark: cp.doc.wm,
          watermark: loop.watermark,
          epoch,
          attemptId,
          prevSinkPart: cp.doc.sinkPart,
          // I5: a child's first commit announces its lineage downstream.
          announce: cp.epoch === 0 ? cp.doc.lineage?.lin : undefined,
        },
        loop.outs,
      ),
    );
    await chaos.afterEmit();
    return { dlqUnits, emitted };
  }

  /** I1 shadow paging: immutable pages for the dirty key groups, tagged with the new epoch. */
  private async writeDirtyPages(
    { cp, epoch, attemptId }: Attempt,
    chain: OperatorChain,
  ): Promise<{ refs: Map<number, string>; pageUnits: number }> {
    const { ctx } = this;
    const refs = new Map(Object.entries(cp.doc.kg).map(([k, v]) => [Number(k), v]));
    let pageUnits = 0;
    const state = chain.state;
    if (state) {
      const pages = new Map<number, string>();
      for (const kg of state.dirtyKeyGroups()) {
        const st = state.exportKeyGroup(kg);
        if (st === undefined) refs.delete(kg);
        else pages.set(kg, JSON.stringify(st));
      }
      if (pages.size > 0) {
        const written = await writePages(
          ctx.dynamo,
          ctx.table,
          ctx.stage.id,
          this.shardId,
          epoch,
          attemptId,
          pages,
        );
        pageUnits = written.units;
        for (const [kg, ref] of written.refs) refs.set(kg, ref);
      }
      state.clearDirty();
    }
    return { refs, pageUnits };
  }

  /** I1: ONE write, conditioned on the epoch read, flips the checkpoint to the new epoch. */
  private async commit({ cp, epoch, chaos }: Attempt, doc: CheckpointDoc): Promise<void> {
    const { ctx, shardId } = this;
    // The checkpoint's own write units are known from its size; count them in the doc itself.
    const estimate = checkpointItem(ctx.stage.id, shardId, epoch, doc).units;
    doc.stats.wcu += estimate;
    const { item } = checkpointItem(ctx.stage.id, shardId, epoch, doc);
    await chaos.commit(() => commitCheckpoint(ctx.dynamo, ctx.table, ctx.stage.id, shardId, cp.epoch, item));
  }

  /**
   * After a commit: cache the chain for the next invocation, every N-th epoch sweep dead pages, and
   * for a filesystem sink publish the object just committed (a crash before this is healed by the
   * next invocation's publishCommitted, or the clock's), then, like the page sweeper, every N-th
   * epoch delete staging objects that can no longer be committed.
   */
  private async afterCommit(
    { epoch, chaos }: Attempt,
    chain: OperatorChain,
    refs: Map<number, string>,
    sinkPart: string | null,
  ): Promise<void> {
    const { ctx, shardId } = this;
    ctx.cache.put(shardId, { chain, refs });
    if (chain.state && epoch % ctx.sweepEvery === 0) {
      await sweepPages(ctx.dynamo, ctx.table, ctx.stage.id, shardId, epoch, new Set(refs.values())).catch(
        () => 0,
      );
    }
    await chaos.afterCommit();
    if (ctx.s3) {
      if (sinkPart !== null) await publishObject(ctx.s3.client, ctx.s3.objects, sinkPart);
      if (epoch % ctx.sweepEvery === 0)
        await sweepStaging(ctx.s3.client, ctx.s3.objects, shardId, epoch).catch(() => 0);
    }
  }

  /**
   * filesystem sink (I7): the committed checkpoint may name a staged object whose publish did not
   * happen (a crash right after the commit). Publish it (idempotent) before anything else, so it is
   * never lost when the next commit replaces the name. A child shard's first invocation does the
   * same for its parents, which a reshard closed and which never run again.
   */
  private async publishCommitted(cp: Checkpoint): Promise<void> {
    const { ctx } = this;
    const s3 = ctx.s3;
    if (!s3) return;
    if (cp.doc.sinkPart !== null) await publishObject(s3.client, s3.objects, cp.doc.sinkPart);
    if (cp.epoch !== 0 || !cp.doc.lineage) return;
    for (const parent of cp.doc.lineage.parents) {
      const p = await loadCheckpoint(ctx.dynamo, ctx.table, ctx.stage.id, parent);
      if (p.doc.sinkPart !== null) await publishObject(s3.client, s3.objects, p.doc.sinkPart);
    }
  }

  /**
   * The operator chain at the committed state: the warm container's cached chain when its key-group
   * page refs equal the committed ones, reloading only the groups that differ.
   */
  private async restoreChain(cp: Checkpoint): Promise<OperatorChain> {
    const { ctx } = this;
    const cached = ctx.cache.take(this.shardId);
    const chain = cached?.chain ?? ctx.newChain();
    chain.restoreWatermark(cp.doc.wm);
    const state = chain.state;
    if (!state) return chain;
    const committed = new Map(Object.entries(cp.doc.kg).map(([k, v]) => [Number(k), v]));
    const stale = new Map<number, string>();
    for (const [kg, ref] of committed) if (cached?.refs.get(kg) !== ref) stale.set(kg, ref);
    for (const kg of [...state.keyGroups()]) if (!committed.has(kg)) state.importKeyGroup(kg, undefined);
    if (stale.size > 0) {
      const loaded = await loadPages(ctx.dynamo, ctx.table, stale);
      for (const [kg, st] of loaded) state.importKeyGroup(kg, st);
    }
    state.clearDirty();
    return chain;
  }
}

/** The checkpoint doc of the new epoch: the loop's progress, the page refs, and the stats summed. */
function nextCheckpointDoc(
  prev: CheckpointDoc,
  loop: RecordLoopResult,
  producers: ReadonlyMap<string, ProducerDedupe>,
  refs: ReadonlyMap<number, string>,
  emitted: EmitResult,
  /** Write units so far, this epoch's dead letters and pages included. */
  wcu: number,
): CheckpointDoc {
  const s = prev.stats;
  return {
    seq: loop.lastSeq,
    wm: loop.watermark,
    srcMax: loop.srcMax,
    producers: Object.fromEntries(
      [...producers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, p]) => [k, p.toDoc()]),
    ),
    kg: Object.fromEntries([...refs].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    sinkPart: emitted.sinkPart,
    eos: isEos(loop.watermark),
    ...(prev.lineage ? { lineage: prev.lineage } : {}),
    stats: {
      in: s.in + loop.stats.in,
      out: s.out + loop.stats.out,
      dlq: s.dlq + loop.stats.dlq,
      late: s.late + loop.stats.late,
      dup: s.dup + loop.stats.dup,
      invocations: s.invocations + 1,
      wcu,
      putUnits: s.putUnits + emitted.putUnits,
      bytesOut: s.bytesOut + emitted.bytesOut,
    },
  };
}
