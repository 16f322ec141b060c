import { z } from 'zod';
import { DecodeError } from '../errors.ts';
import { isPos, isSeq } from './seq.ts';

/**
 * The batch envelope: one Kinesis record between stages (docs/internals.md "Wire format").
 * Its field names are one or two letters because every record carries them, and the bytes must
 * not change: consumers' dedupe state and stored checkpoints were built from records in this form.
 * This interface is their one definition; a comment names each. Build records with EnvelopePacker,
 * `markerRecord` or `envelopeText` (they take the long names), not by hand.
 */
export interface Envelope {
  /** Version of the format: always 1. */
  readonly v: 1;
  /** Producer: the id of the stage that sent the record (`s1`; `ingest:<table>` for an ingester, `replay:<stage>` for a dead-letter replay). */
  readonly p: string;
  /** The producer's shard: a Kinesis shard id, or `part-<k>` for an ingester. Producer key = `p/s`. */
  readonly s: string;
  /** Frontier: the producer's committed seq when it sent the record (I3); every output of inputs at or below it was sent before. */
  readonly f: string;
  /** The claim `(lo, hi]`, a position (seq.ts): this record and its siblings hold every output of the producer in that range for this target. */
  readonly lo: string;
  /** The end of the claim `(lo, hi]` (a position). */
  readonly hi: string;
  /** Base: the output index of the first row of `q[0]`, when an input's outputs were split over several records. */
  readonly b?: number;
  /** The input seqs that caused the rows, in order; a row names its input by index into `q`. */
  readonly q: readonly string[];
  /** `[qi, t, row]`: `q[qi]` is the input that caused the row, `t` its event time (ms). The n-th row with one qi has output index n (+ `b` for `q[0]`). */
  readonly rows: readonly (readonly [number, number, unknown])[];
  /** The producer's watermark (ms) when it sent the record. */
  readonly w?: number;
  /** End of stream: the producer shard sends nothing more (its watermark is +∞). */
  readonly eos?: boolean;
  /** I5: the target shard the producer meant this record for; a consumer drops it elsewhere. */
  readonly t?: string;
  /** I5: a child producer shard's announcement: each absorbed parent shard → all its children. */
  readonly lin?: Readonly<Record<string, readonly string[]>>;
}

/** Who sends a record, by name: `p`, `s` and `f` of the envelope. */
export interface EnvelopeOrigin {
  /** `p`: the producer stage id. */
  readonly producer: string;
  /** `s`: the producer's shard. */
  readonly shard: string;
  /** `f`: the producer's committed seq (frontier) when it sends. */
  readonly frontier: string;
}

/** The head of a data record, by name: its origin and its claim `(lo, hi]`. */
export interface DataRecordHead extends EnvelopeOrigin {
  readonly lo: string;
  readonly hi: string;
  /** `b`: output index of the first row of `q[0]`; 0 (not written) for a whole input. */
  readonly base?: number;
  /** `t`: the target shard (I5). */
  readonly target?: string | undefined;
  /** `eos`: end of stream, written only when true (a dead-letter replay's one record sets it). */
  readonly eos?: boolean | undefined;
}

/** Every field of an envelope's head, by name: what a consumer reads of a record besides its rows. */
export interface EnvelopeHead extends DataRecordHead {
  /** `w`: the producer's watermark (ms) when it sent the record. */
  readonly watermark?: number | undefined;
  /** `lin`: a child producer shard's announcement, each absorbed parent shard → all its children (I5). */
  readonly lineage?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** The head of a decoded envelope, by name (consumers read fields through this, not by their letters). */
export function envelopeHead(env: Envelope): EnvelopeHead {
  return {
    producer: env.p,
    shard: env.s,
    frontier: env.f,
    lo: env.lo,
    hi: env.hi,
    base: env.b,
    target: env.t,
    eos: env.eos,
    watermark: env.w,
    lineage: env.lin,
  };
}

/**
 * The JSON text of a data record, byte for byte what `encodeEnvelope` would give for the same
 * fields: `rowTexts` are the rows' JSON texts `[qi,t,row]`, already encoded.
 */
export function envelopeText(
  head: DataRecordHead,
  q: readonly string[],
  rowTexts: readonly string[],
): string {
  const extra =
    (head.base !== undefined && head.base > 0 ? `,"b":${head.base}` : '') +
    (head.target ? `,"t":${JSON.stringify(head.target)}` : '');
  return (
    `{"v":1,"p":${JSON.stringify(head.producer)},"s":${JSON.stringify(head.shard)},"f":"${head.frontier}",` +
    `"lo":"${head.lo}","hi":"${head.hi}"${extra},"q":${JSON.stringify(q)},"rows":[${rowTexts.join(',')}]` +
    `${head.eos ? ',"eos":true' : ''}}`
  );
}

/** The fields of an envelope as a consumer validates them (rows are checked one by one below). */
const header = z.object({
  v: z.literal(1),
  p: z.string().min(1),
  s: z.string().min(1),
  f: z.string().refine(isSeq, 'f must be a decimal sequence number'),
  lo: z.string().refine(isPos, 'lo must be a position'),
  hi: z.string().refine(isPos, 'hi must be a position'),
  b: z.number().int().nonnegative().optional(),
  q: z.array(z.string().refine(isSeq, 'q entries must be decimal sequence numbers')),
  rows: z.array(z.unknown()),
  w: z.number().optional(),
  eos: z.boolean().optional(),
  t: z.string().optional(),
  lin: z.record(z.string(), z.array(z.string())).optional(),
});
/** Compile-time check: the schema validates exactly the fields Envelope documents (else `false`, a type error). */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export const headerMatchesEnvelope: SameKeys<z.infer<typeof header>, Envelope> = true;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes and validates one envelope; throws DecodeError when it is not one. */
export function decodeEnvelope(data: Uint8Array | string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof data === 'string' ? data : decoder.decode(data));
  } catch (err) {
    throw new DecodeError(`not a sluice envelope: ${(err as Error).message}`);
  }
  const res = header.safeParse(parsed);
  if (!res.success) {
    throw new DecodeError(
      `not a sluice envelope: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const env = res.data;
  const nq = env.q.length;
  for (const r of env.rows) {
    if (!Array.isArray(r) || r.length !== 3 || typeof r[1] !== 'number') {
      throw new DecodeError('not a sluice envelope: each row must be [qi, t, row]');
    }
    const qi = r[0];
    if (typeof qi !== 'number' || !Number.isInteger(qi) || qi < 0 || qi >= nq) {
      throw new DecodeError(`not a sluice envelope: row references q[${String(qi)}] of ${nq}`);
    }
  }
  return env as Envelope;
}

/** JSON text of an envelope (the producer side usually builds it incrementally, see EnvelopePacker). */
export function encodeEnvelope(env: Envelope): string {
  return JSON.stringify(env);
}

/** Calls `fn` for each row with its input seq and output index (the row's identity under I2/I4). */
export function forEachEnvelopeRow(
  env: Envelope,
  fn: (seq: string, index: number, t: number, row: unknown, rowIndex: number) => void,
): void {
  const counts = new Array<number>(env.q.length).fill(0);
  if (env.b !== undefined && counts.length > 0) counts[0] = env.b;
  for (let k = 0; k < env.rows.length; k++) {
    const [qi, t, row] = env.rows[k]!;
    const index = counts[qi]!;
    counts[qi] = index + 1;
    fn(env.q[qi]!, index, t, row, k);
  }
}

/** Row ids `<producer>:<shard>:<seq>:<index>` of an envelope's rows, in order (for the CLI's preview). */
export function envelopeRowIds(env: Envelope): string[] {
  const ids: string[] = [];
  const head = envelopeHead(env);
  const producer = `${head.producer}:${head.shard}`;
  forEachEnvelopeRow(env, (seq, index) => ids.push(`${producer}:${seq}:${index}`));
  return ids;
}
