import type { PipelineSpec, SourceSpec, StageSpec } from '../../compiler/spec/index.ts';
import type { OutputRow } from '../connectors/output-row.ts';
import { isOversizedLine, oversizedLineReason } from '../connectors/oversized-line.ts';
import { BadDataFailure } from '../errors.ts';
import { capText, describeError, MAX_REASON_CHARS, rawJson } from '../excerpt.ts';
import type { Row } from '../expr/compile-expr.ts';
import type { OperatorChain } from '../operators/operator-chain.ts';
import type { DeadLetter } from '../state/dead-letters.ts';
import { ProducerDedupe, producerKey } from '../wire/dedupe.ts';
import { decodeEnvelope, type Envelope, forEachEnvelopeRow } from '../wire/envelope.ts';
import type { KinesisEventRecord } from '../wire/kinesis-event.ts';
import { edgeWatermark, WM_MIN } from '../wire/watermark.ts';
import { futureEventTimeReason } from './event-time-guard.ts';
import { applyAnnouncement, fromStagesOf, liveProducers, producerRowHash } from './lineage-producers.ts';
import type { ParsedSourceRow } from './source-parser.ts';
import { producerSourceWatermark, sourceStageWatermark } from './source-watermark.ts';

/** What the record loop needs; all of it in memory (no I/O), so it is unit-testable. */
export interface RecordLoopInput {
  readonly spec: PipelineSpec;
  readonly stage: StageSpec;
  readonly shardId: string;
  /** Name of the stream this stage reads (for positions). */
  readonly streamName: string;
  readonly chain: OperatorChain;
  /** Per producer shard dedupe state; updated in place. */
  readonly producers: Map<string, ProducerDedupe>;
  readonly watermark: number;
  readonly srcMax: number;
  /**
   * Edge stages: the seed producer keys (root shards of the upstream input streams, I5 hook); the
   * watermark is the minimum over these and every producer heard from, minus retired ones.
   */
  readonly expectedProducers: readonly string[];
  /** Source stages: drop rows with t < watermark (decided per input record, see topology.ts). */
  readonly dropLate: boolean;
  readonly badData: 'fail' | 'drop';
  /** Source stages: parses one raw JSON document by the source schema. */
  readonly parseSource: ((raw: string) => ParsedSourceRow) | undefined;
  readonly nowIso: string;
}

export interface RecordLoopResult {
  readonly outs: OutputRow[];
  readonly deadLetters: DeadLetter[];
  readonly watermark: number;
  readonly srcMax: number;
  readonly lastSeq: string;
  readonly stats: { in: number; dup: number; late: number; dlq: number; out: number };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Runs an invocation's new records (already filtered to seq > committed, in order) through dedupe
 * (I4), decoding, the watermark and the operator chain. Every output is attributed to the input
 * record that caused it, window results included: the watermark advances after each input record,
 * so replaying the same records from the same committed state gives the same outputs (I2).
 */
export function processRecords(
  input: RecordLoopInput,
  records: readonly KinesisEventRecord[],
): RecordLoopResult {
  const { stage, chain, producers } = input;
  const src = stage.input.kind === 'source' ? stage.input.source : undefined;
  const outs: OutputRow[] = [];
  const deadLetters: DeadLetter[] = [];
  const stats = { in: 0, dup: 0, late: 0, dlq: 0, out: 0 };
  const lateBefore = chain.late;
  let seq = '';
  let dlqIndex = 0;
  let wm = input.watermark;
  let srcMax = input.srcMax;
  let position = '';

  // I8: any exception while decoding or evaluating one record dead-letters it (its reason capped);
  // only BadDataFailure (bad_data = 'fail') and the I/O around this loop fail the batch.
  const deadLetter = (
    fullReason: string,
    raw: string,
    pos: string,
    cut?: Pick<DeadLetter, 'rawBytes' | 'rawSha256'>,
  ) => {
    const reason = capText(fullReason, MAX_REASON_CHARS);
    if (input.badData === 'fail') throw new BadDataFailure(reason, pos);
    deadLetters.push({
      stage: stage.id,
      shardId: input.shardId,
      seq,
      index: dlqIndex++,
      reason,
      raw,
      position: pos,
      at: input.nowIso,
      ...cut,
    });
  };
  chain.setEmit((row, t, id) => {
    outs.push({ seq, t, row, id });
  });
  chain.setErrorHandler((err, row) => deadLetter(err.message, rawJson(row), position));

  const pushRow = (row: Row, t: number, raw: () => string) => {
    try {
      chain.push(row, t);
    } catch (err) {
      if (err instanceof BadDataFailure) throw err;
      deadLetter(describeError(err), raw(), position);
    }
  };

  // Envelope sources: the producer shard of the record being read and its watermark before it (a
  // row is late by its own producer's order only, see source-watermark.ts).
  let fromProducer: ProducerDedupe | undefined;
  let producerWm = WM_MIN;
  const sourceRow = (text: unknown, arrivalMs: number) => {
    stats.in++;
    if (isOversizedLine(text)) {
      const { bytes, sha256, head } = text.oversized;
      deadLetter(oversizedLineReason(text), head, position, { rawBytes: bytes, rawSha256: sha256 });
      return;
    }
    if (typeof text !== 'string') {
      deadLetter('ingest row is not a raw text line', rawJson(text), position);
      return;
    }
    let parsed: ParsedSourceRow;
    try {
      parsed = input.parseSource!(text);
    } catch (err) {
      deadLetter(describeError(err), text, position);
      return;
    }
    const t = parsed.t ?? arrivalMs;
    const judgedWm = fromProducer ? producerWm : wm;
    // The event-time guard: a far-future row is dead-lettered and never moves the watermark.
    const future =
      parsed.t === undefined || src === undefined
        ? undefined
        : futureEventTimeReason({ t: parsed.t, arrivalMs, source: src, watermark: judgedWm });
    if (future !== undefined) {
      deadLetter(future, text, position);
      return;
    }
    if (input.dropLate && t < judgedWm) {
      stats.late++;
      return;
    }
    if (parsed.t !== undefined && parsed.t > srcMax) srcMax = parsed.t;
    if (fromProducer && parsed.t !== undefined && parsed.t > fromProducer.maxEventTime) {
      fromProducer.maxEventTime = parsed.t;
    }
    pushRow(parsed.row, t, () => text);
  };

  const edgeRow = (row: unknown, t: number) => {
    stats.in++;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      deadLetter('edge row is not an object', rawJson(row), position);
      return;
    }
    pushRow(row as Row, t, () => rawJson(row));
  };

  const rowHash = src ? undefined : producerRowHash(input.spec);
  const envelopeRecord = (env: Envelope, arrivalMs: number) => {
    // I5: a record packed for another shard landed here because the stream was resharded under its
    // producer, which fails that attempt and re-emits; drop it whole (no rows, no dedupe effect).
    if (env.t !== undefined && env.t !== input.shardId) return;
    const key = producerKey(env.p, env.s);
    let prod = producers.get(key);
    if (prod === undefined) {
      prod = ProducerDedupe.empty();
      producers.set(key, prod);
    }
    const fresh = prod.isFresh(env.lo, env.hi);
    const recordPos = position;
    if (src) {
      fromProducer = prod;
      producerWm = src.eventTime ? producerSourceWatermark(prod, src.eventTime.delayMs) : WM_MIN;
    }
    forEachEnvelopeRow(env, (pseq, index, t, row) => {
      if (!fresh && prod.isDuplicate(pseq, index, rowHash && (() => rowHash(env.p, row)))) {
        stats.dup++;
        return;
      }
      if (src) {
        position = sourcePosition(src, pseq) ?? recordPos;
        sourceRow(row, arrivalMs);
      } else edgeRow(row, t);
    });
    position = recordPos;
    prod.afterRecord(env);
    if (env.lin !== undefined) applyAnnouncement(producers, env);
  };

  for (const rec of records) {
    seq = rec.kinesis.sequenceNumber;
    dlqIndex = 0;
    position = `${input.streamName}/${input.shardId}/${seq}`;
    const arrivalMs = Math.round(rec.kinesis.approximateArrivalTimestamp * 1000);
    const bytes = Buffer.from(rec.kinesis.data, 'base64');
    if (src?.kind === 'kinesis') {
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        stats.in++;
        deadLetter('record is not UTF-8 text', bytes.toString('base64'), position);
        continue;
      }
      sourceRow(text, arrivalMs);
    } else {
      let env: Envelope;
      try {
        env = decodeEnvelope(bytes);
      } catch (err) {
        stats.in++;
        deadLetter(describeError(err), bytes.toString('utf8'), position);
        continue;
      }
      envelopeRecord(env, arrivalMs);
    }
    const next = nextWatermark(input, srcMax);
    if (next > wm) {
      wm = next;
      chain.advanceWatermark(wm);
    }
  }

  stats.late += chain.late - lateBefore;
  stats.dlq = deadLetters.length;
  stats.out = outs.length;
  return { outs, deadLetters, watermark: wm, srcMax, lastSeq: seq, stats };
}

function nextWatermark(input: RecordLoopInput, srcMax: number): number {
  const { stage, producers } = input;
  if (stage.input.kind === 'edge') {
    const live = liveProducers(input.expectedProducers, producers, fromStagesOf(stage));
    return edgeWatermark(live, (key) => producers.get(key)?.w);
  }
  // A file source ends when every ingest producer shard it has heard from sent end-of-stream.
  return sourceStageWatermark(stage.input.source, producers, srcMax);
}

/**
 * The dead-letter position of a file-like source's line: `<path>:<line>` for a single_file source,
 * `s3://<bucket>/<prefix>:<line>` (the line of the prefix's objects read in key order; `sluice run`
 * names the object) for a filesystem source; undefined for the others (the record's position).
 */
function sourcePosition(src: SourceSpec, line: string): string | undefined {
  switch (src.kind) {
    case 'single_file':
      return `${src.path}:${line}`;
    case 'filesystem':
      return `s3://${src.bucket}/${src.prefix}:${line}`;
    case 'kinesis':
    case 'nexmark':
      return undefined;
    default: {
      const never: never = src;
      throw new Error(`unknown source ${JSON.stringify(never)}`);
    }
  }
}
