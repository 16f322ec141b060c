import type { MappingStats } from '../../localstack/index.ts';
import type { PipelineStatus, StageStatus } from '../../ops/index.ts';
import { type DurationSample, quantile } from './invocation-timer.ts';

/** One point of a stage's time series: rates over the interval that ends at `t`. */
export interface StagePoint {
  readonly t: number;
  readonly inPerSec: number;
  readonly outPerSec: number;
  readonly bytesOutPerSec: number;
  /** Cumulative dead letters (committed). */
  readonly dlq: number;
  /** Cumulative rows dropped as late (committed). */
  readonly late: number;
  /** Failed invocations in the interval (ESM stats; null when not observable). */
  readonly errors: number | null;
  readonly openShards: number;
  /** Shards with a batch in flight at `t` (ESM stats; null when not observable). */
  readonly concurrency: number | null;
  /** Invocation duration percentiles in the interval, ms (emulator-measured; null if none). */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly backpressureMs: number;
}

/** What the emulator's event source mapping says about one shard, for the per-shard table. */
export interface EsmShardView {
  readonly state: string;
  readonly batches: number;
  readonly errors: number;
  readonly iteratorAgeMs: number;
  readonly millisBehindLatest: number;
}

export interface StageLive {
  readonly backpressureMs: number;
  readonly concurrency: number | null;
  readonly esm: Readonly<Record<string, EsmShardView>>;
  /** When each shard's checkpoint epoch was last seen to change (ms, observed by the console). */
  readonly lastCommitSeen: Readonly<Record<string, number>>;
}

const MAX_POINTS = 600;

/**
 * Turns successive status snapshots of one pipeline into per-stage time series. Checkpoint stats
 * are cumulative and exactly-once, so rates are deltas between snapshots. ESM stats and
 * invocation durations come from the in-process emulator when there is one.
 */
export class PipelineSeries {
  private last: PipelineStatus | undefined;
  private lastEsm = new Map<string, { batches: number; errors: number }>();
  private readonly points = new Map<string, StagePoint[]>();
  private readonly live = new Map<string, StageLive>();
  private readonly commitSeen = new Map<string, { epoch: number; at: number }>();

  add(
    status: PipelineStatus,
    functionOf: (stageId: string) => string,
    esm: readonly MappingStats[] | undefined,
    durations: Map<string, DurationSample> | undefined,
  ): void {
    const prev = this.last;
    const dt = prev ? Math.max(0.001, (status.at - prev.at) / 1000) : 0;
    const esmNow = new Map<string, { batches: number; errors: number }>();
    for (const stage of status.stages) {
      const before = prev?.stages.find((s) => s.id === stage.id);
      const fn = functionOf(stage.id);
      const mapping = esm?.find((m) => m.functionName === fn);
      const esmView: Record<string, EsmShardView> = {};
      let errors = 0;
      let freshAge = 0;
      for (const sh of mapping?.shards ?? []) {
        const key = `${fn}/${sh.shardId}`;
        const was = this.lastEsm.get(key);
        esmNow.set(key, { batches: sh.batches, errors: sh.errors });
        errors += sh.errors - (was?.errors ?? 0);
        if (sh.batches !== (was?.batches ?? 0)) freshAge = Math.max(freshAge, sh.iteratorAgeMs);
        esmView[sh.shardId] = {
          state: sh.state,
          batches: sh.batches,
          errors: sh.errors,
          iteratorAgeMs: sh.iteratorAgeMs,
          millisBehindLatest: sh.millisBehindLatest,
        };
      }
      const concurrency = mapping ? mapping.shards.filter((s) => s.state === 'invoking').length : null;
      const backpressureMs = Math.max(freshAge, stage.lagMs ?? 0);
      const d = durations?.get(fn)?.durations ?? [];
      const rate = (f: (s: StageStatus) => number) =>
        before && dt > 0 ? Math.max(0, (f(stage) - f(before)) / dt) : 0;
      const point: StagePoint = {
        t: status.at,
        inPerSec: rate((s) => s.in),
        outPerSec: rate((s) => s.out),
        bytesOutPerSec: rate((s) => s.bytesOut),
        dlq: stage.dlq,
        late: stage.late,
        errors: mapping ? errors : null,
        openShards: stage.openShards,
        concurrency,
        p50Ms: quantile(d, 0.5),
        p99Ms: quantile(d, 0.99),
        backpressureMs,
      };
      const list = this.points.get(stage.id) ?? [];
      if (prev) list.push(point);
      if (list.length > MAX_POINTS) list.splice(0, list.length - MAX_POINTS);
      this.points.set(stage.id, list);
      const lastCommitSeen: Record<string, number> = {};
      for (const sh of stage.shards) {
        const key = `${stage.id}/${sh.shardId}`;
        const seen = this.commitSeen.get(key);
        if (!seen || seen.epoch !== sh.epoch) this.commitSeen.set(key, { epoch: sh.epoch, at: status.at });
        if (sh.epoch > 0) lastCommitSeen[sh.shardId] = this.commitSeen.get(key)?.at ?? status.at;
      }
      this.live.set(stage.id, { backpressureMs, concurrency, esm: esmView, lastCommitSeen });
    }
    this.lastEsm = esmNow;
    this.last = status;
  }

  latest(): PipelineStatus | undefined {
    return this.last;
  }

  liveOf(stageId: string): StageLive | undefined {
    return this.live.get(stageId);
  }

  /** Points newer than `since` (ms), per stage. */
  series(since = 0): Record<string, StagePoint[]> {
    const out: Record<string, StagePoint[]> = {};
    for (const [id, list] of this.points) out[id] = list.filter((p) => p.t > since);
    return out;
  }

  /** Events per second into the pipeline's first stages, over the last interval. */
  eventsPerSec(): number {
    let total = 0;
    for (const stage of this.last?.stages ?? []) {
      if (stage.upstream.length > 0) continue;
      total += this.points.get(stage.id)?.at(-1)?.inPerSec ?? 0;
    }
    return total;
  }
}
