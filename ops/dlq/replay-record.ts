import { type DeadLetter, envelopeText } from '../../functions/index.ts';

/** The producer id of replayed dead letters of `stage`: distinct from every real producer. */
export const replayProducer = (stageId: string): string => `replay:${stageId}`;

/**
 * The replay position of a dead letter: its input seq with its index appended (4 digits), a decimal
 * that is unique per dead letter of a shard and the same on every replay of it.
 */
export function replaySeq(d: Pick<DeadLetter, 'seq' | 'index'>): string {
  return `${d.seq}${String(d.index).padStart(4, '0')}`;
}

/**
 * The ingest envelope that sends one dead letter back into a file source stage (docs/internals.md
 * "Wire format"): producer `replay:<stage>`, producer shard `dlq-<shard>`, claiming exactly
 * `(S-1, S]` for its replay position S, with end-of-stream set (a replay producer never holds a
 * watermark back). Sent twice, the second copy is a duplicate under I4 (its claim is covered), so a
 * replay is exactly once even when its marking fails.
 */
export function replayEnvelope(d: DeadLetter, raw: string): string {
  const s = replaySeq(d);
  const lo = (BigInt(s) - 1n).toString();
  return envelopeText(
    { producer: replayProducer(d.stage), shard: `dlq-${d.shardId}`, frontier: '0', lo, hi: s, eos: true },
    [s],
    [JSON.stringify([0, 0, raw])],
  );
}

/** The partition key of a replayed raw record (kinesis sources): names the dead letter. */
export const replayPartitionKey = (d: DeadLetter): string =>
  `${replayProducer(d.stage)}:${d.shardId}:${d.seq}:${d.index}`.slice(0, 256);
