import { setTimeout as sleep } from 'node:timers/promises';
import { putInOrder } from '../aws/put-in-order.ts';
import { putAll } from '../aws/put-records.ts';
import { ShardDirectory } from '../aws/shard-directory.ts';
import type { StageClients } from '../aws/stage-clients.ts';
import { ConfigError } from '../errors.ts';
import { ENVELOPE_TARGET_BYTES } from '../wire/envelope-packer.ts';
import { NO_SEQ } from '../wire/seq.ts';
import { stageById } from '../wire/topology.ts';
import { cloudIngestSource } from './cloud-ingest-source.ts';
import { IngestChunker } from './ingest-chunker.ts';
import { ingestEosRecords, reannounceIngestEos } from './ingest-eos.ts';
import { type IngestLines, ingestLinesOf, ingestPaceRate } from './ingest-lines.ts';
import { commitIngestProgress, type IngestProgressDoc, loadIngestProgress } from './ingest-progress.ts';
import { dueCount, waitBeforeMs } from './nexmark/pace.ts';

/** `stageId`: the source stage whose nexmark or filesystem source is ingested; `s3` is needed for a filesystem source. */
export interface CloudIngestOptions extends StageClients {
  /** Physical name of the stage's ingest stream. */
  readonly streamName: string;
  /** No slice starts after this instant (ms since epoch, against `now`). */
  readonly deadlineMs: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Lines (events) per slice: one put-then-commit step. @default 5000 */
  readonly sliceEvents?: number;
  /** At most this many slices in this run. @default unlimited (the deadline decides) */
  readonly maxSlices?: number;
  /** @default ENVELOPE_TARGET_BYTES */
  readonly chunkBytes?: number;
  /** How a paced source waits for its next events (`pace = 'event_rate'`). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CloudIngestResult {
  /** Lines (events) sent by this run: the slices it committed. */
  readonly lines: number;
  readonly slices: number;
  /** Lines committed in all. */
  readonly done: number;
  /** All the source's lines, when known in advance (nexmark: event_rate × runtime). */
  readonly total: number | undefined;
  /** End-of-stream was announced (now or before). */
  readonly eos: boolean;
  /** End-of-stream markers re-sent to shards created after the announcement. */
  readonly reannounced: number;
}

/**
 * The cloud ingest stage of a nexmark or filesystem source: one run of the scheduled ingest
 * function. It resumes from the committed position (ingest-progress.ts) and, slice by slice until
 * the deadline, reads the next lines (generated events, or the objects' lines), puts them as
 * envelopes of producer `ingest:<table>` exactly as `sluice run` does locally, and commits the new
 * position conditionally. A run that crashes, or a zombie whose commit is refused, re-sends
 * identical envelopes from the same position, which the source stage deduplicates (I4). The first
 * commit fixes the plan (the parts and their hash keys; a filesystem source's object list), so a
 * reshard or a new object never changes what is sent. After the last line: end-of-stream markers
 * (I6), and on later runs, markers for shards a reshard created since (I5).
 */
export async function runCloudIngest(opts: CloudIngestOptions): Promise<CloudIngestResult> {
  const stage = stageById(opts.spec, opts.stageId);
  if (stage.input.kind !== 'source' || !cloudIngestSource(stage.input.source)) {
    throw new ConfigError(`stage ${opts.stageId} does not read a nexmark or filesystem source`);
  }
  const source: IngestLines = ingestLinesOf(stage.input.source, opts.s3);
  const producer = `ingest:${stage.input.source.table}`;
  const now = opts.now ?? Date.now;
  const slice = opts.sliceEvents ?? 5000;
  const src = stage.input.source;
  const paceRate = ingestPaceRate(src);
  const runStart = now();
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
      ...(paceRate !== undefined ? { startedAtMs: runStart } : {}),
      ...(await source.plan()),
    };
    epoch = await commitIngestProgress(opts.dynamo, opts.table, opts.stageId, epoch, plan);
    doc = plan;
  }

  const lines = doc.eos ? undefined : source.open(doc);
  let ended = source.total !== undefined && doc.done >= source.total;
  let sent = 0;
  let slices = 0;
  while (
    lines &&
    !doc.eos &&
    now() < opts.deadlineMs &&
    slices < (opts.maxSlices ?? Number.POSITIVE_INFINITY)
  ) {
    if (ended) {
      const ends = { producer, lastHi: doc.lastHi };
      await putAll(opts.kinesis, opts.streamName, ingestEosRecords(ends, await shards.open(opts.streamName)));
      const next: IngestProgressDoc = { ...doc, eos: true };
      epoch = await commitIngestProgress(opts.dynamo, opts.table, opts.stageId, epoch, next);
      doc = next;
      break;
    }
    const chunker = new IngestChunker(
      producer,
      doc.partHashKeys,
      opts.chunkBytes ?? ENVELOPE_TARGET_BYTES,
      doc,
    );
    let limit = slice;
    if (paceRate !== undefined && source.total !== undefined) {
      // paced: only events already due; none due yet → wait (at least a tick, at most to the deadline)
      const start = doc.startedAtMs ?? runStart;
      const due = dueCount(start, paceRate, now(), source.total) - doc.done;
      if (due <= 0) {
        const wait = Math.min(waitBeforeMs(start, paceRate, doc.done, now()), opts.deadlineMs - now());
        if (wait > 0) await (opts.sleep ?? sleep)(wait);
        continue;
      }
      limit = Math.min(slice, due);
    }
    const records = [];
    let lineNo = doc.done;
    let cursor = doc.cursor;
    // known only when the objects were read from the start (not for a position from before cursors)
    const starts = doc.objectStarts ? [...doc.objectStarts] : doc.done === 0 ? [] : undefined;
    while (lineNo - doc.done < limit) {
      const r = await lines.next();
      if (r.done) {
        ended = true;
        break;
      }
      const chunks = chunker.add(++lineNo, r.value.text);
      cursor = r.value.cursor ?? cursor;
      while (starts && cursor && starts.length <= cursor.object) starts.push(lineNo);
      for (const chunk of chunks) records.push(chunk.record);
    }
    if (source.total !== undefined && lineNo >= source.total) ended = true;
    if (lineNo === doc.done) continue; // nothing left: end-of-stream next
    const last = chunker.close();
    if (last) records.push(last.record);
    await putInOrder(opts.kinesis, opts.streamName, records);
    const at = chunker.position();
    const next: IngestProgressDoc = {
      ...doc,
      done: lineNo,
      chunk: at.chunk,
      lastHi: [...at.lastHi],
      ...(cursor ? { cursor } : {}),
      ...(cursor && starts ? { objectStarts: starts } : {}),
    };
    epoch = await commitIngestProgress(opts.dynamo, opts.table, opts.stageId, epoch, next);
    sent += lineNo - doc.done;
    doc = next;
    slices++;
  }
  await lines?.return?.(undefined);

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
  return { lines: sent, slices, done: doc.done, total: source.total, eos: doc.eos, reannounced };
}
