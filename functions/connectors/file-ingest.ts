import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { putInOrder } from '../aws/put-in-order.ts';
import { type OutRecord, putAll } from '../aws/put-records.ts';
import { ShardDirectory } from '../aws/shard-directory.ts';
import { ConfigError, SourceFileMissingError } from '../errors.ts';
import { ENVELOPE_TARGET_BYTES } from '../wire/envelope-packer.ts';
import { stageById } from '../wire/topology.ts';
import { type IngestChunk, IngestChunker } from './ingest-chunker.ts';
import { type IngestEnds, ingestEosRecords } from './ingest-eos.ts';
import { localSourceFile } from './ingest-lines.ts';
import { dueAtMs, waitBeforeMs } from './nexmark/pace.ts';

export interface IngestFileOptions {
  readonly spec: PipelineSpec;
  /** The source stage whose single_file source is ingested. */
  readonly stageId: string;
  readonly kinesis: KinesisClient;
  /** Physical name of the stage's ingest stream. */
  readonly streamName: string;
  /** Called with the number of lines newly acknowledged (a delta), as the ingest proceeds. */
  readonly onProgress?: (lines: number) => void;
  /** @default 256 KiB */
  readonly chunkBytes?: number;
  /**
   * The source's lines when they do not come from its file (a generator source such as nexmark);
   * blank lines count as line numbers like a file's.
   */
  readonly lines?: AsyncIterable<string> | Iterable<string>;
  /**
   * Send line n (1-based) no earlier than (n − 1) / eventRate seconds after the start, sending
   * what is due before each wait (a nexmark source with `pace = 'event_rate'`, pace.ts).
   * @default as fast as possible
   */
  readonly pace?: IngestPace;
}

export interface IngestPace {
  readonly eventRate: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface IngestResult {
  /** Non-blank lines sent. */
  readonly lines: number;
  /** Data records written (end-of-stream markers not counted). */
  readonly records: number;
  /** What the end-of-stream markers say, to re-send them to shards created later (ingest-eos.ts). */
  readonly ends: IngestEnds;
}

/** PutRecords requests kept in flight at once. */
const IN_FLIGHT = 4;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Ingests a single_file source (or a generator's lines): streams the JSON lines into the ingest
 * stream as envelopes from producer `ingest:<table>`, part k to the k-th open shard
 * (ingest-chunker.ts). After all data is acknowledged, every shard gets an end-of-stream marker
 * (watermark +∞, I6).
 */
export async function ingestFile(opts: IngestFileOptions): Promise<IngestResult> {
  const stage = stageById(opts.spec, opts.stageId);
  const file = stage.input.kind === 'source' ? localSourceFile(stage.input.source) : undefined;
  if (stage.input.kind !== 'source' || (file === undefined && opts.lines === undefined)) {
    throw new ConfigError(`stage ${opts.stageId} does not read a single_file source`);
  }
  const source = stage.input.source;
  if (opts.lines === undefined && file !== undefined) {
    try {
      await stat(file);
    } catch {
      throw new SourceFileMissingError(file);
    }
  }
  const shards = await new ShardDirectory(opts.kinesis).open(opts.streamName);
  if (shards.length === 0) throw new ConfigError(`stream ${opts.streamName} has no open shards`);
  const producer = `ingest:${source.table}`;
  const chunker = new IngestChunker(
    producer,
    shards.map((s) => s.startingHashKey),
    opts.chunkBytes ?? ENVELOPE_TARGET_BYTES,
  );

  let lines = 0;
  let records = 0;
  let batch: OutRecord[] = [];
  let batchBytes = 0;
  let batchLines = 0;
  const inFlight = new Set<Promise<void>>();
  // Batches go out one after another and each keeps every shard's chunks in order (putInOrder), even
  // when PutRecords fails partially (fact 2): arrival order decides the source watermark (late rows).
  let sent: Promise<unknown> = Promise.resolve();

  const flushBatch = async () => {
    if (batch.length === 0) return;
    const send = batch;
    const sentLines = batchLines;
    batch = [];
    batchBytes = 0;
    batchLines = 0;
    const p = sent
      .then(() => putInOrder(opts.kinesis, opts.streamName, send))
      .then(() => {
        records += send.length;
        opts.onProgress?.(sentLines);
      });
    sent = p;
    inFlight.add(p);
    p.finally(() => inFlight.delete(p)).catch(() => {});
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  const take = async (chunk: IngestChunk | undefined) => {
    if (chunk === undefined) return;
    batch.push(chunk.record);
    batchBytes += chunk.record.data.length;
    batchLines += chunk.lines;
    if (batch.length >= 500 || batchBytes >= BATCH_BYTES) await flushBatch();
  };

  const input =
    opts.lines ??
    createInterface({
      input: createReadStream(file ?? ''),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
  const pace = opts.pace;
  const now = pace?.now ?? Date.now;
  const paceStart = now();
  let lineNo = 0;
  for await (const line of input) {
    if (pace && dueAtMs(paceStart, pace.eventRate, lineNo) > now()) {
      // the next line is not due yet: send what is, then wait
      await take(chunker.close());
      await flushBatch();
      await (pace.sleep ?? sleep)(waitBeforeMs(paceStart, pace.eventRate, lineNo, now()));
    }
    lineNo++;
    if (line.trim() !== '') lines++;
    for (const chunk of chunker.add(lineNo, line)) await take(chunk);
  }
  await take(chunker.close());
  await flushBatch();
  await Promise.all(inFlight);

  // Only after every data record is acknowledged: end-of-stream from every part to every shard
  // open NOW (I5: the stream may have been resharded during ingest; a child that never saw a part's
  // data still inherited that part from its parent and must hear its end-of-stream).
  // A shard created after this listing gets them from reannounceIngestEos.
  const ends: IngestEnds = { producer, lastHi: chunker.position().lastHi };
  const nowOpen = await new ShardDirectory(opts.kinesis).open(opts.streamName);
  await putAll(opts.kinesis, opts.streamName, ingestEosRecords(ends, nowOpen));
  return { lines, records, ends };
}
