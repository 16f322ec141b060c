import type { OperatorSpec, PipelineSpec, StageSpec } from '../compiler/spec/index.ts';
import { isPreviewSink, userSourceStream } from '../compiler/spec/index.ts';

/**
 * The billed units of a pipeline at a steady event rate, per second: what each stage's
 * invocations write, read and put. Calibrated against the steady-rate benchmark's measured units
 * (bench/steady-cost.ts, test/unit/infra/cost-calibration.test.ts); the sizes below are the item
 * sizes the runtime writes (functions/state: checkpoint-store.ts, state-pages.ts).
 */
export interface UnitAssumptions {
  /** Events per second entering the pipeline. */
  readonly eventsPerSecond: number;
  /** Bytes of one event as JSON. */
  readonly eventBytes: number;
  /** Invocations per busy shard per second: a standard iterator polls about once a second. */
  readonly invocationsPerShardSecond: number;
  /** Per stage id, instead of invocationsPerShardSecond (a measured run's rates). */
  readonly stageInvocationsPerShardSecond?: Readonly<Record<string, number>>;
  /** Records per invocation (the mapping's BatchSize). */
  readonly batchSize: number;
  /** Distinct keys (GROUP BY or join keys) seen each second. */
  readonly distinctKeys: number;
  /**
   * Distinct keys a stateful stage holds at a time (a window aggregate: the keys of one window).
   * @default distinctKeys × the window's seconds (a minute without a window)
   */
  readonly keysHeld?: number;
  /** Bytes of one key's state in a state page. */
  readonly keyStateBytes: number;
  /** Seconds between two clock invocations (rate(1 minute) on AWS). */
  readonly clockPeriodSeconds: number;
}

export interface UnitsPerSecond {
  readonly invocations: number;
  /** Every write, the sweeper's deletes included. */
  readonly writeUnits: number;
  /** The sweeper's deletes of replaced state pages (part of writeUnits). */
  readonly sweepWriteUnits: number;
  readonly readUnits: number;
  readonly putUnits: number;
}

/** A checkpoint item without producers or page refs (keys, epoch, seq, watermarks, stats). */
export const CHECKPOINT_BASE_BYTES = 420;
/** One producer's dedupe entry in a checkpoint (frontier, intervals, watermark). */
export const PRODUCER_BYTES = 130;
/** One key group's page ref in a checkpoint: `"kg":"ST#stage#shard|epoch#attempt#kg#chunk"`. */
export const PAGE_REF_BYTES = 70;
/** A state page item without its keys' state (keys, key group, chunk count, JSON framing). */
export const PAGE_BASE_BYTES = 150;
export const PUT_UNIT_BYTES = 25 * 1024;

const STATEFUL: ReadonlySet<OperatorSpec['kind']> = new Set([
  'window_aggregate',
  'window_join',
  'updating_join',
  'top_n',
  'updating_aggregate',
]);

/** Seconds a key's state lives: the longest window of the stage, else a minute. */
function stateSeconds(st: StageSpec): number {
  let ms = 0;
  for (const o of st.operators) {
    if (o.kind !== 'window_aggregate') continue;
    const w = o.window;
    ms = Math.max(ms, w.kind === 'tumble' ? w.sizeMs : w.kind === 'hop' ? w.sizeMs : w.gapMs);
  }
  return ms > 0 ? ms / 1000 : 60;
}

/** Bytes of one row a stage emits: its projection's columns (about 20 bytes each), else the event. */
function rowBytes(st: StageSpec, eventBytes: number): number {
  const project = st.operators.findLast((o) => o.kind === 'project');
  return project?.kind === 'project' ? Math.min(eventBytes, 20 * project.columns.length) : eventBytes;
}

/** Expected distinct bins hit by `draws` uniform draws over `bins` bins. */
export function expectedDistinct(bins: number, draws: number): number {
  if (bins <= 0 || draws <= 0) return 0;
  return bins * (1 - (1 - 1 / bins) ** draws);
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096));

/** Units per second of one stage; every event is assumed to reach it (an upper bound). */
export function stageUnits(spec: PipelineSpec, st: StageSpec, a: UnitAssumptions): UnitsPerSecond {
  const E = a.eventsPerSecond;
  const shardsOf = (id: string) => spec.streams.find((s) => s.id === id)?.shards;
  const userSource = st.input.kind === 'source' && userSourceStream(st.input.source) !== undefined;
  const S = userSource ? st.parallelism : (shardsOf(st.input.stream) ?? st.parallelism);
  // a user's stream carries one event per record; internal streams carry envelopes of many rows
  const perShard = a.stageInvocationsPerShardSecond?.[st.id] ?? a.invocationsPerShardSecond;
  const inv = S * (userSource ? Math.max(perShard, E / S / a.batchSize) : perShard);
  const perInvocation = E / inv;

  // producers whose dedupe state the checkpoint keeps: every shard of every upstream stage
  const producers =
    st.input.kind === 'edge'
      ? st.input.from.reduce((n, id) => {
          const up = spec.stages.find((s) => s.id === id);
          return (
            n + (up ? (up.input.kind === 'source' ? up.parallelism : (shardsOf(up.input.stream) ?? 1)) : 1)
          );
        }, 0)
      : userSource
        ? 0
        : 1;
  let cpBytes = CHECKPOINT_BASE_BYTES + producers * PRODUCER_BYTES;
  let pageWrites = 0;
  let sweepWrites = 0;
  if (st.operators.some((o) => STATEFUL.has(o.kind))) {
    const groups = spec.keyGroups / S;
    // keys a shard holds: a window's worth (a minute for state without windows), capped by the groups
    const keysHeld = (a.keysHeld ?? a.distinctKeys * stateSeconds(st)) / S;
    const groupsHeld = expectedDistinct(groups, keysHeld);
    cpBytes += groupsHeld * PAGE_REF_BYTES;
    // keys an invocation touches: those of the seconds since the last one, at most one per row
    const keysTouched = Math.min(perInvocation, a.distinctKeys / S / perShard, keysHeld);
    const dirty = expectedDistinct(groups, keysTouched);
    const pageBytes = PAGE_BASE_BYTES + (groupsHeld > 0 ? keysHeld / groupsHeld : 0) * a.keyStateBytes;
    // a page per dirty key group, and the sweeper's later delete of the page it replaced (same size)
    pageWrites = dirty * writeUnits(pageBytes);
    sweepWrites = pageWrites;
  }
  // one conditional PutItem of the checkpoint and one consistent GetItem of it, per invocation
  const writes = inv * (writeUnits(cpBytes) + pageWrites + sweepWrites);
  const reads = inv * readUnits(cpBytes);

  let puts = 0;
  const out = st.output;
  const target = out.kind === 'shuffle' ? out.stream : isPreviewSink(out.sink) ? out.sink.stream : undefined;
  const T = target !== undefined ? (shardsOf(target) ?? 1) : 0;
  const windowed = st.operators.some((o) => o.kind === 'window_aggregate');
  if (T > 0) {
    // rows of this invocation spread over the target shards (a window emits only when it closes)
    const rows = windowed ? 0 : perInvocation;
    const dataRecords = expectedDistinct(T, rows);
    const dataUnits = Math.max(dataRecords, (rows * rowBytes(st, a.eventBytes)) / PUT_UNIT_BYTES);
    // …plus a watermark marker per target shard when the watermark advanced (each paced invocation)
    puts = inv * (dataUnits + T);
  }
  return {
    invocations: inv,
    writeUnits: writes,
    sweepWriteUnits: inv * sweepWrites,
    readUnits: reads,
    putUnits: puts,
  };
}

/** Units per second of the whole pipeline: every stage, and the clock (one invocation per period). */
export function pipelineUnits(spec: PipelineSpec, a: UnitAssumptions): UnitsPerSecond {
  const stages = spec.stages.map((st) => stageUnits(spec, st, a));
  const sum = (f: (u: UnitsPerSecond) => number) => stages.reduce((n, u) => n + f(u), 0);
  return {
    invocations: sum((u) => u.invocations) + 1 / a.clockPeriodSeconds,
    writeUnits: sum((u) => u.writeUnits),
    sweepWriteUnits: sum((u) => u.sweepWriteUnits),
    readUnits: sum((u) => u.readUnits),
    putUnits: sum((u) => u.putUnits),
  };
}
