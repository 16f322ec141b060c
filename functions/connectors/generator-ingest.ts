import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { putInOrder } from '../aws/put-in-order.ts';
import { putAll } from '../aws/put-records.ts';
import { ShardDirectory } from '../aws/shard-directory.ts';
import { ConfigError } from '../errors.ts';
import { ENVELOPE_TARGET_BYTES } from '../protocol/envelope-packer.ts';
import { NO_SEQ } from '../protocol/seq.ts';
import { stageById } from '../protocol/topology.ts';
import { IngestChunker } from './ingest-chunker.ts';
import { ingestEosRecords, reannounceIngestEos } from './ingest-eos.ts';
import { commitIngestProgress, type IngestProgressDoc, loadIngestProgress } from './ingest-progress.ts';
import { nexmarkLines } from './nexmark/nexmark-lines.ts';

export interface GeneratorIngestOptions {
  readonly spec: PipelineSpec;
  /** The source stage whose generator source (nexmark) is ingested. */
  readonly stageId: string;
  readonly table: string;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  /** Physical name of the stage's ingest stream. */
  readonly streamName: string;
  /** No slice starts after this instant (ms since epoch, against `now`). */
  readonly deadlineMs: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Events per slice: one put-then-commit step. @default 5000 */
  readonly sliceEvents?: number;
  /** At most this many slices in this run. @default unlimited (the deadline decides) */
  readonly maxSlices?: number;
  /** @default ENVELOPE_TARGET_BYTES */
  readonly chunkBytes?: number;
}

export interface GeneratorIngestResult {
  /** Events sent by this run (slices committed). */
  readonly events: number;
  readonly slices: number;
  /** Events committed in all, of `total`. */
  readonly done: number;
  readonly total: number;
  /** End-of-stream was announced (now or before). */
  readonly eos: boolean;
  /** End-of-stream markers re-sent to shards created after the announcement. */
  readonly reannounced: number;
}

/**
 * The cloud ingest stage of a generator source (nexmark): one run of the scheduled ingest function.
 * It resumes from the committed position (ingest-progress.ts) and, slice by slice until the
 * deadline, generates the next events (a pure function of the options and the event number), puts
 * them as envelopes of producer `ingest:<table>` exactly as `sluice run` does locally (line k =
 * event k − 1), and commits the new position conditionally. A run that crashes, or a zombie whose
 * commit is refused, re-sends identical envelopes from the same position, which the source stage
 * deduplicates (I4). The first commit fixes the parts and their hash keys, so a reshard of the
 * ingest stream never changes what is sent. After the last event: end-of-stream markers (I6), and
 * on later runs, markers for shards a reshard created since (I5).
 */
export async function runGeneratorIngest(opts: GeneratorIngestOptions): Promise<GeneratorIngestResult> {
  const stage = stageById(opts.spec, opts.stageId);
  if (stage.input.kind !== 'source' || stage.input.source.kind !== 'nexmark') {
    throw new ConfigError(`stage ${opts.stageId} does not read a generator (nexmark) source`);
  }
  const source = stage.input.source;
  const producer = `ingest:${source.table}`;
  const total = source.nexmark.events;
  const now = opts.now ?? Date.now;
  const slice = opts.sliceEvents ?? 5000;
  const shards = new ShardDirectory(opts.kinesis, 0);

  let { epoch, doc } = await loadIngestProgress(opts.dynamo, opts.table, opts.stageId);
  if (doc === undefined) {
    const open = await shards.open(opts.streamName);
    if (open.length === 0) throw new ConfigError(`stream ${opts.streamName} has no open shards`);
    const plan: IngestProgressDoc = {
      v: 1,
      partHashKeys: open.map((s) => s.startingHashKey),
      done: 0,
      chunk: 0,
      lastHi: open.map(() => NO_SEQ),
      eos: false,
    };
    epoch = await commitIngestProgress(opts.dynamo, opts.table, opts.stageId, epoch, plan);
    doc = plan;
  }

  let events = 0;
  let slices = 0;
  while (!doc.eos && now() < opts.deadlineMs && slices < (opts.maxSlices ?? Number.POSITIVE_INFINITY)) {
    if (doc.done >= total) {
      const ends = { producer, lastHi: doc.lastHi };
      await putAll(opts.kinesis, opts.streamName, ingestEosRecords(ends, await shards.open(opts.streamName)));
      const next: IngestProgressDoc = { ...doc, eos: true };
      epoch = await commitIngestProgress(opts.dynamo, opts.table, opts.stageId, epoch, next);
      doc = next;
      break;
    }
    const to = Math.min(total, doc.done + slice);
    events += to - doc.done;
    const chunker = new IngestChunker(
      producer,
      doc.partHashKeys,
      opts.chunkBytes ?? ENVELOPE_TARGET_BYTES,
      doc,
    );
    const records = [];
    let lineNo = doc.done;
    for (const line of nexmarkLines(source.nexmark, doc.done, to)) {
      const chunk = chunker.add(++lineNo, line);
      if (chunk) records.push(chunk.record);
    }
    const last = chunker.close();
    if (last) records.push(last.record);
    await putInOrder(opts.kinesis, opts.streamName, records);
    const at = chunker.position();
    const next: IngestProgressDoc = { ...doc, done: to, chunk: at.chunk, lastHi: [...at.lastHi] };
    epoch = await commitIngestProgress(opts.dynamo, opts.table, opts.stageId, epoch, next);
    doc = next;
    slices++;
  }

  let reannounced = 0;
  if (doc.eos) {
    reannounced = await reannounceIngestEos({
      kinesis: opts.kinesis,
      dynamo: opts.dynamo,
      table: opts.table,
      stageId: opts.stageId,
      streamName: opts.streamName,
      ends: { producer, lastHi: doc.lastHi },
    });
  }
  return { events, slices, done: doc.done, total, eos: doc.eos, reannounced };
}
