import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineSpec, SinkKind, SinkOf, SinkSpec, StageSpec } from '../../compiler/spec/index.ts';
import { type OutRecord, putAll } from '../aws/put-records.ts';
import type { ShardDirectory } from '../aws/shard-directory.ts';
import { ConfigError, ShardMapChangedError } from '../errors.ts';
import { changeHalves } from '../operators/change-row.ts';
import type { EnvelopeOrigin } from '../wire/envelope.ts';
import { EnvelopePacker, markerRecord } from '../wire/envelope-packer.ts';
import { keyGroupOf, ShardRouter } from '../wire/routing.ts';
import { outputStreamName } from '../wire/topology.ts';
import { isEos } from '../wire/watermark.ts';
import { partFileName, writeSinkPart } from './file-sink-writer.ts';
import { emitKafkaSink } from './kafka/kafka-sink-emit.ts';
import { assignRowIds, type OutputRow, partitionKeyOf } from './output-row.ts';
import { stageObject } from './s3/s3-sink.ts';
import { createSinkFormatter } from './sink-format.ts';

export interface EmitContext {
  readonly spec: PipelineSpec;
  readonly stage: StageSpec;
  readonly shardId: string;
  readonly kinesis: KinesisClient;
  /** The S3 client of a stage that writes a filesystem sink. */
  readonly s3?: S3Client | undefined;
  readonly shards: ShardDirectory;
  /** The committed seq this invocation read: the frontier `f` its records carry (I3/I4). */
  readonly frontier: string;
  /** The last input seq this invocation processed. */
  readonly lastSeq: string;
  readonly prevWatermark: number;
  readonly watermark: number;
  /** Epoch and attempt id the commit will use (name the single_file part and the filesystem staging object). */
  readonly epoch: number;
  readonly attemptId: string;
  readonly prevSinkPart: string | null;
  /** I5: a child shard's first invocation announces its lineage on markers to every target. */
  readonly announce?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** The envelope origin of this invocation's records: stage, shard and committed seq (`p`, `s`, `f`). */
const originOf = (ctx: EmitContext): EnvelopeOrigin => ({
  producer: ctx.stage.id,
  shard: ctx.shardId,
  frontier: ctx.frontier,
});

export interface EmitResult {
  readonly putUnits: number;
  readonly bytesOut: number;
  /**
   * single_file: the newest part after this invocation. filesystem: the staging key of this
   * invocation's object, null when it wrote none (the previous one was published before it).
   */
  readonly sinkPart: string | null;
}

/**
 * Emits an invocation's outputs before its commit (I3). Shuffle: envelopes per target shard, all
 * data acknowledged first, then one marker per open target shard if the watermark advanced.
 */
export async function emitOutputs(ctx: EmitContext, outs: readonly OutputRow[]): Promise<EmitResult> {
  const out = ctx.stage.output;
  switch (out.kind) {
    case 'shuffle':
      return { ...(await emitShuffle(ctx, outs, out.keyBy)), sinkPart: ctx.prevSinkPart };
    case 'sink': {
      if (outs.length === 0) return SINK_EMITTERS[out.sink.kind].empty(ctx);
      return (SINK_EMITTERS[out.sink.kind] as SinkEmitter<SinkSpec>).emit(ctx, out.sink, outs);
    }
    default: {
      const never: never = out;
      throw new Error(`unknown output ${JSON.stringify(never)}`);
    }
  }
}

async function emitShuffle(
  ctx: EmitContext,
  outs: readonly OutputRow[],
  keyBy: readonly string[],
): Promise<{ putUnits: number; bytesOut: number }> {
  const stream = outputStreamName(ctx.spec, ctx.stage)!;
  const open = await ctx.shards.open(stream);
  const router = new ShardRouter(open, ctx.spec.keyGroups);
  const K = ctx.spec.keyGroups;
  const origin = originOf(ctx);
  const packers = open.map((s) => new EnvelopePacker(origin, ctx.frontier, { target: s.shardId }));
  const keyValues = new Array<unknown>(keyBy.length);
  for (const o of outs) {
    // A change (a Debezium source's) crosses as its retraction and its new row (change-row.ts).
    for (const row of changeHalves(o.row)) {
      for (let i = 0; i < keyBy.length; i++) keyValues[i] = row[keyBy[i]!] ?? null;
      packers[router.shardIndexOf(keyGroupOf(keyValues, K))]!.add(o.seq, o.t, row);
    }
  }
  const pk = `${ctx.stage.id}/${ctx.shardId}`;
  const data: OutRecord[] = [];
  packers.forEach((p, i) => {
    for (const r of p.finish(ctx.lastSeq)) {
      const target = open[i]!;
      data.push({
        data: r.data,
        partitionKey: pk,
        explicitHashKey: target.startingHashKey,
        expectShardId: target.shardId,
      });
    }
  });
  // I5: a record that lands in another shard than packed for means the stream was resharded
  // since the listing: fail before committing; the retry re-lists (consumers drop misrouted records).
  const put = async (records: OutRecord[]) => {
    let res: Awaited<ReturnType<typeof putAll>>;
    try {
      res = await putAll(ctx.kinesis, stream, records);
    } catch (err) {
      ctx.shards.invalidate(stream);
      throw err;
    }
    if (res.misrouted > 0) {
      ctx.shards.invalidate(stream);
      throw new ShardMapChangedError(stream, res.misrouted);
    }
    return res;
  };
  const first = await put(data);
  let putUnits = first.putUnits;
  let bytesOut = first.bytes;
  // Only after every data record is acknowledged: the watermark / end-of-stream markers.
  if (ctx.watermark > ctx.prevWatermark || ctx.announce !== undefined) {
    const eos = isEos(ctx.watermark);
    const markers: OutRecord[] = packers.map((p, i) => ({
      data: markerRecord({
        ...origin,
        lo: p.markerLo(),
        hi: ctx.lastSeq,
        watermark: ctx.watermark,
        eos,
        target: open[i]!.shardId,
        lineage: ctx.announce,
      }),
      partitionKey: pk,
      explicitHashKey: open[i]!.startingHashKey,
      expectShardId: open[i]!.shardId,
    }));
    const second = await put(markers);
    putUnits += second.putUnits;
    bytesOut += second.bytes;
  }
  return { putUnits, bytesOut };
}

/** The local file a sink's parts are assembled into (single_file), or undefined. */
export const localSinkFile = (sink: SinkSpec): string | undefined =>
  (SINK_EMITTERS[sink.kind] as SinkEmitter<SinkSpec>).localFile?.(sink);

/** A sink's runtime facet: how it writes an invocation's outputs before the commit (I3, I7). */
interface SinkEmitter<S extends SinkSpec> {
  /** The result of an invocation without outputs. */
  empty(ctx: EmitContext): EmitResult;
  emit(ctx: EmitContext, sink: S, outs: readonly OutputRow[]): Promise<EmitResult>;
  /** The local file its committed parts are assembled into (single_file). */
  localFile?(sink: S): string;
}

const unchanged = (ctx: EmitContext): EmitResult => ({
  putUnits: 0,
  bytesOut: 0,
  sinkPart: ctx.prevSinkPart,
});

/** The sinks' emit facets, one per sink kind (compiler/connectors declares each). */
const SINK_EMITTERS: { readonly [K in SinkKind]: SinkEmitter<SinkOf<K>> } = {
  single_file: {
    empty: unchanged,
    localFile: (sink) => sink.path,
    async emit(ctx, sink, outs) {
      const fmt = createSinkFormatter(ctx.stage.schema, sink);
      const name = partFileName(ctx.stage.id, ctx.shardId, ctx.epoch, ctx.attemptId);
      await writeSinkPart(
        sink.path,
        name,
        ctx.prevSinkPart,
        outs.map((o) => JSON.stringify(fmt(o.row))),
      );
      return { ...unchanged(ctx), sinkPart: name };
    },
  },
  filesystem: {
    // No object this time: the previous one was published before it.
    empty: (ctx) => ({ ...unchanged(ctx), sinkPart: null }),
    async emit(ctx, sink, outs) {
      if (!ctx.s3)
        throw new ConfigError(`stage ${ctx.stage.id} writes a filesystem sink but has no S3 client`);
      const fmt = createSinkFormatter(ctx.stage.schema, sink);
      const key = await stageObject(
        ctx.s3,
        { bucket: sink.bucket, prefix: sink.prefix, pipeline: ctx.spec.name, stageId: ctx.stage.id },
        ctx.shardId,
        ctx.epoch,
        ctx.attemptId,
        outs.map((o) => JSON.stringify(fmt(o.row))),
      );
      return { ...unchanged(ctx), sinkPart: key };
    },
  },
  kinesis: {
    empty: unchanged,
    async emit(ctx, sink, outs) {
      const fmt = createSinkFormatter(ctx.stage.schema, sink);
      const ids = assignRowIds(ctx.stage.id, ctx.shardId, outs);
      const records: OutRecord[] = outs.map((o, i) => ({
        data: JSON.stringify(fmt(o.row)),
        partitionKey: partitionKeyOf(ids[i]!),
      }));
      const res = await putAll(ctx.kinesis, sink.streamName, records);
      return { ...unchanged(ctx), putUnits: res.putUnits, bytesOut: res.bytes };
    },
  },
  preview: {
    empty: unchanged,
    async emit(ctx, sink, outs) {
      const fmt = createSinkFormatter(ctx.stage.schema, sink);
      const packer = new EnvelopePacker(originOf(ctx), ctx.frontier);
      for (const o of outs) packer.add(o.seq, o.t, fmt(o.row));
      const pk = `${ctx.stage.id}/${ctx.shardId}`;
      const records = packer.finish(ctx.lastSeq).map((r) => ({ data: r.data, partitionKey: pk }));
      const res = await putAll(ctx.kinesis, outputStreamName(ctx.spec, ctx.stage)!, records);
      return { ...unchanged(ctx), putUnits: res.putUnits, bytesOut: res.bytes };
    },
  },
  kafka: {
    empty: unchanged,
    async emit(ctx, sink, outs) {
      return { ...unchanged(ctx), bytesOut: await emitKafkaSink(ctx.stage, ctx.shardId, sink, outs) };
    },
  },
};
