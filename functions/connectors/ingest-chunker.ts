import type { OutRecord } from '../aws/put-records.ts';
import { envelopeText } from '../wire/envelope.ts';
import { NO_SEQ } from '../wire/seq.ts';
import { KINESIS_RECORD_BYTES, oversizedLine } from './oversized-line.ts';

/** Where an ingest producer is: the next chunk's index and each part's last line number. */
export interface ChunkerPosition {
  readonly chunk: number;
  /** `lastHi[k]`: the highest line number part `k` sent (NO_SEQ if none). */
  readonly lastHi: readonly string[];
}

/** A closed chunk: its record and how many lines it carries. */
export interface IngestChunk {
  readonly record: OutRecord;
  readonly lines: number;
}

/**
 * Packs an ingest producer's JSON lines into envelopes (`ingest:<table>`, shard `part-<k>`), one
 * chunk of about `chunkBytes` per record, round-robin over the parts by chunk index, seq = line
 * number. Each part's envelopes claim contiguous line ranges `(lo, hi]`, so a consumer's dedupe
 * state stays one interval. The output is a pure function of the position and the lines, so an
 * ingest resumed from a committed position re-sends identical envelopes (deduplicated, I4).
 * No record exceeds Kinesis's 1 MiB: a line that would not fit with the chunk being filled closes it
 * first, and a line that would not fit alone travels as an OversizedLine stand-in, dead-lettered by
 * the source stage at its line (I8), so one huge line never fails the whole ingest.
 */
export class IngestChunker {
  readonly #lastHi: string[];
  #chunk: number;
  #q: number[] = [];
  #rows: string[] = [];
  #bytes = 0;
  /** Exact UTF-8 size of the rows and seqs of the chunk being filled (with their commas). */
  #exact = 0;
  /** Largest rows-plus-seqs size that still fits one record with the envelope's header. */
  readonly #maxBody: number;

  /**
   * @param partHashKeys the explicit hash key that routes each part (one per part)
   * @param from where an earlier run of this producer stopped; @default nothing sent
   */
  constructor(
    readonly producer: string,
    readonly partHashKeys: readonly string[],
    readonly chunkBytes: number,
    from?: ChunkerPosition,
  ) {
    if (from && from.lastHi.length !== partHashKeys.length) {
      throw new Error(`ingest position has ${from.lastHi.length} parts, the chunker ${partHashKeys.length}`);
    }
    this.#lastHi = from ? [...from.lastHi] : partHashKeys.map(() => NO_SEQ);
    this.#chunk = from?.chunk ?? 0;
    // header: {"v":1,"p":…,"s":"part-K","f":"0","lo":…,"hi":…,"q":[…],"rows":[…]} + partition key
    this.#maxBody = KINESIS_RECORD_BYTES - 2 * Buffer.byteLength(JSON.stringify(producer)) - 256;
  }

  /**
   * Adds line `lineNo` (blank lines are skipped, keeping their number); returns the chunks it
   * closed: none, the full one, or (a big line) the one before it and maybe its own.
   */
  add(lineNo: number, line: string): IngestChunk[] {
    if (line.trim() === '') return [];
    const closed: IngestChunk[] = [];
    const seqBytes = String(lineNo).length + 3;
    let value = JSON.stringify(line);
    // `[qi,0,` + value + `],` with qi < 10^7
    if (Buffer.byteLength(value) + 12 + seqBytes > this.#maxBody) value = JSON.stringify(oversizedLine(line));
    const size = Buffer.byteLength(value) + 12 + seqBytes;
    if (this.#q.length > 0 && this.#exact + size > this.#maxBody) closed.push(this.close()!);
    const text = `[${this.#q.length},0,${value}]`;
    this.#q.push(lineNo);
    this.#rows.push(text);
    this.#bytes += Buffer.byteLength(text) + 12;
    this.#exact += size;
    if (this.#bytes >= this.chunkBytes) closed.push(this.close()!);
    return closed;
  }

  /** Closes the chunk being filled, if any. */
  close(): IngestChunk | undefined {
    if (this.#q.length === 0) return undefined;
    const k = this.#chunk++ % this.partHashKeys.length;
    const hi = String(this.#q[this.#q.length - 1]);
    const head = { producer: this.producer, shard: `part-${k}`, frontier: NO_SEQ, lo: this.#lastHi[k]!, hi };
    const data = envelopeText(head, this.#q.map(String), this.#rows);
    this.#lastHi[k] = hi;
    const lines = this.#q.length;
    this.#q = [];
    this.#rows = [];
    this.#bytes = 0;
    this.#exact = 0;
    const record = {
      data,
      partitionKey: `${this.producer}/part-${k}`,
      explicitHashKey: this.partHashKeys[k]!,
    };
    return { record, lines };
  }

  /** The position after every closed chunk (call after close()). */
  position(): ChunkerPosition {
    return { chunk: this.#chunk, lastHi: [...this.#lastHi] };
  }
}
