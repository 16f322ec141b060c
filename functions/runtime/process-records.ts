import type { PipelineSpec, SourceSpec, StageSpec } from '../../compiler/spec/index.ts';
import { sourceDeclaration } from '../../compiler/spec/index.ts';
import { recordPositionOf } from '../connectors/ingest-lines.ts';
import type { OutputRow } from '../connectors/output-row.ts';
import { isOversizedLine, oversizedLineReason } from '../connectors/oversized-line.ts';
import { BadDataFailure } from '../errors.ts';
import { capText, describeError, MAX_REASON_CHARS, rawJson } from '../excerpt.ts';
import type { Row } from '../expr/compile-expr.ts';
import type { OperatorChain } from '../operators/operator-chain.ts';
import type { DeadLetter } from '../state/dead-letters.ts';
import { ProducerDedupe, producerKey } from '../wire/dedupe.ts';
import { decodeEnvelope, type Envelope, envelopeHead, forEachEnvelopeRow } from '../wire/envelope.ts';
import type { KinesisEventRecord } from '../wire/kinesis-event.ts';
import { edgeWatermark, WM_MIN } from '../wire/watermark.ts';
import { futureEventTimeReason } from './event-time-guard.ts';
import { applyAnnouncement, fromStagesOf, liveProducers, producerRowHash } from './lineage-producers.ts';
import type { ParsedSourceRow } from './source-parser.ts';
import { producerSourceWatermark, readsEnvelopes, sourceStageWatermark } from './source-watermark.ts';

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
  const loop = new RecordLoop(input);
  for (const rec of records) loop.read(rec);
  return loop.result();
}

/**
 * One invocation's pass over its records. The fields below the collected results are the loop's
 * cursor: which record (and, for a file source, which line) is being read, so that outputs and
 * dead letters name it, and the watermarks judged so far.
 */
class RecordLoop {
  private readonly src: SourceSpec | undefined;
  private readonly rowHash: ReturnType<typeof producerRowHash> | undefined;
  private readonly outs: OutputRow[] = [];
  private readonly deadLetters: DeadLetter[] = [];
  private readonly stats = { in: 0, dup: 0, late: 0, dlq: 0, out: 0 };
  private readonly lateBefore: number;
  /** Sequence number of the record being read: outputs and dead letters belong to it. */
  private seq = '';
  /** Index of the record's next dead letter. */
  private dlqIndex = 0;
  /** What a dead letter names: `<stream>/<shard>/<seq>`, or a file source's line. */
  private position = '';
  private wm: number;
  private srcMax: number;
  /**
   * Envelope sources: the producer shard of the record being read and its watermark before it (a
   * row is late by its own producer's order only, see source-watermark.ts).
   */
  private fromProducer: ProducerDedupe | undefined;
  private producerWm = WM_MIN;

  constructor(private readonly input: RecordLoopInput) {
    const { stage, chain } = input;
    this.src = stage.input.kind === 'source' ? stage.input.source : undefined;
    this.rowHash = this.src ? undefined : producerRowHash(input.spec);
    this.lateBefore = chain.late;
    this.wm = input.watermark;
    this.srcMax = input.srcMax;
    chain.setEmit((row, t, id) => {
      this.outs.push({ seq: this.seq, t, row, id });
    });
    chain.setErrorHandler((err, row) => this.deadLetter(err.message, rawJson(row), this.position));
  }

  /** Reads one record: decodes it, runs its rows, then advances the watermark (unless undecodable). */
  read(rec: KinesisEventRecord): void {
    this.seq = rec.kinesis.sequenceNumber;
    this.dlqIndex = 0;
    this.position = recordPositionOf(this.src, this.input.streamName, this.input.shardId, this.seq);
    const arrivalMs = Math.round(rec.kinesis.approximateArrivalTimestamp * 1000);
    const bytes = Buffer.from(rec.kinesis.data, 'base64');
    const decoded =
      this.src !== undefined && !readsEnvelopes(this.src)
        ? this.readTextRecord(bytes, arrivalMs)
        : this.readEnvelope(bytes, arrivalMs);
    if (decoded) this.advanceWatermark();
  }

  result(): RecordLoopResult {
    const { stats, outs, deadLetters } = this;
    stats.late += this.input.chain.late - this.lateBefore;
    stats.dlq = deadLetters.length;
    stats.out = outs.length;
    return { outs, deadLetters, watermark: this.wm, srcMax: this.srcMax, lastSeq: this.seq, stats };
  }

  /** A raw Kinesis source: the record is one UTF-8 line. */
  private readTextRecord(bytes: Buffer, arrivalMs: number): boolean {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      this.stats.in++;
      this.deadLetter('record is not UTF-8 text', bytes.toString('base64'), this.position);
      return false;
    }
    this.sourceRow(text, arrivalMs);
    return true;
  }

  /** An envelope (ingest or edge): deduped per producer shard (I4), then row by row. */
  private readEnvelope(bytes: Buffer, arrivalMs: number): boolean {
    let env: Envelope;
    try {
      env = decodeEnvelope(bytes);
    } catch (err) {
      this.stats.in++;
      this.deadLetter(describeError(err), bytes.toString('utf8'), this.position);
      return false;
    }
    // I5: a record packed for another shard landed here because the stream was resharded under its
    // producer, which fails that attempt and re-emits; drop it whole (no rows, no dedupe effect).
    const head = envelopeHead(env);
    if (head.target !== undefined && head.target !== this.input.shardId) return true;
    const { producers } = this.input;
    const key = producerKey(head.producer, head.shard);
    let prod = producers.get(key);
    if (prod === undefined) {
      prod = ProducerDedupe.empty();
      producers.set(key, prod);
    }
    const fresh = prod.isFresh(head.lo, head.hi);
    const recordPos = this.position;
    const { src, rowHash } = this;
    if (src) {
      this.fromProducer = prod;
      this.producerWm = src.eventTime ? producerSourceWatermark(prod, src.eventTime.delayMs) : WM_MIN;
    }
    forEachEnvelopeRow(env, (pseq, index, t, row) => {
      if (!fresh && prod.isDuplicate(pseq, index, rowHash && (() => rowHash(head.producer, row)))) {
        this.stats.dup++;
        return;
      }
      if (src) {
        this.position = sourcePosition(src, pseq) ?? recordPos;
        this.sourceRow(row, arrivalMs);
      } else this.edgeRow(row, t);
    });
    this.position = recordPos;
    prod.afterRecord(env);
    if (head.lineage !== undefined) applyAnnouncement(producers, head.producer, head.lineage);
    return true;
  }

  /** A source row: parsed by the source schema, judged against the watermark, then pushed. */
  private sourceRow(text: unknown, arrivalMs: number): void {
    this.stats.in++;
    if (!this.isTextLine(text)) return;
    let parsed: ParsedSourceRow;
    try {
      parsed = this.input.parseSource!(text);
    } catch (err) {
      this.deadLetter(describeError(err), text, this.position);
      return;
    }
    const t = parsed.t ?? arrivalMs;
    const judgedWm = this.fromProducer ? this.producerWm : this.wm;
    // The event-time guard: a far-future row is dead-lettered and never moves the watermark.
    const future =
      parsed.t === undefined || this.src === undefined
        ? undefined
        : futureEventTimeReason({ t: parsed.t, arrivalMs, source: this.src, watermark: judgedWm });
    if (future !== undefined) {
      this.deadLetter(future, text, this.position);
      return;
    }
    if (this.input.dropLate && t < judgedWm) {
      this.stats.late++;
      return;
    }
    if (parsed.t !== undefined && parsed.t > this.srcMax) this.srcMax = parsed.t;
    const producer = this.fromProducer;
    if (producer && parsed.t !== undefined && parsed.t > producer.maxEventTime)
      producer.maxEventTime = parsed.t;
    this.pushRow(parsed.row, t, () => text);
  }

  /** True for a source line that is text; an oversized line or a non-text row is dead-lettered. */
  private isTextLine(text: unknown): text is string {
    if (isOversizedLine(text)) {
      const { bytes, sha256, head } = text.oversized;
      this.deadLetter(oversizedLineReason(text), head, this.position, { rawBytes: bytes, rawSha256: sha256 });
      return false;
    }
    if (typeof text === 'string') return true;
    this.deadLetter('ingest row is not a raw text line', rawJson(text), this.position);
    return false;
  }

  private edgeRow(row: unknown, t: number): void {
    this.stats.in++;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      this.deadLetter('edge row is not an object', rawJson(row), this.position);
      return;
    }
    this.pushRow(row as Row, t, () => rawJson(row));
  }

  private pushRow(row: Row, t: number, raw: () => string): void {
    try {
      this.input.chain.push(row, t);
    } catch (err) {
      if (err instanceof BadDataFailure) throw err;
      this.deadLetter(describeError(err), raw(), this.position);
    }
  }

  /** The watermark after a record; the chain fires what it passes (monotonic). */
  private advanceWatermark(): void {
    const next = nextWatermark(this.input, this.srcMax);
    if (next > this.wm) {
      this.wm = next;
      this.input.chain.advanceWatermark(next);
    }
  }

  // I8: any exception while decoding or evaluating one record dead-letters it (its reason capped);
  // only BadDataFailure (bad_data = 'fail') and the I/O around this loop fail the batch.
  private deadLetter(
    fullReason: string,
    raw: string,
    pos: string,
    cut?: Pick<DeadLetter, 'rawBytes' | 'rawSha256'>,
  ): void {
    const reason = capText(fullReason, MAX_REASON_CHARS);
    if (this.input.badData === 'fail') throw new BadDataFailure(reason, pos);
    this.deadLetters.push({
      stage: this.input.stage.id,
      shardId: this.input.shardId,
      seq: this.seq,
      index: this.dlqIndex++,
      reason,
      raw,
      position: pos,
      at: this.input.nowIso,
      ...cut,
    });
  }
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
  return sourceDeclaration(src).deadLetterPosition(src, line);
}
