import { z } from 'zod';
import { DecodeError } from '../errors.ts';
import { isPos, isSeq } from './seq.ts';

/**
 * The batch envelope: one Kinesis record between stages (docs/internals.md "Wire format").
 * `rows` are `[qi, t, row]`: `q[qi]` is the input seq that caused the row, `t` its event time (ms).
 * The n-th row with the same qi has output index n, plus `b` for rows of `q[0]` (continuation of
 * an input whose outputs were split over several records).
 */
export interface Envelope {
  readonly v: 1;
  readonly p: string;
  readonly s: string;
  readonly f: string;
  readonly lo: string;
  readonly hi: string;
  readonly b?: number;
  readonly q: readonly string[];
  readonly rows: readonly (readonly [number, number, unknown])[];
  readonly w?: number;
  readonly eos?: boolean;
  /** I5: the target shard the producer meant this record for; a consumer drops it elsewhere. */
  readonly t?: string;
  /** I5: a child producer shard's announcement: each absorbed parent shard → all its children. */
  readonly lin?: Readonly<Record<string, readonly string[]>>;
}

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
  forEachEnvelopeRow(env, (seq, index) => ids.push(`${env.p}:${env.s}:${seq}:${index}`));
  return ids;
}
