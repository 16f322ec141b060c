import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { CommitConflictError, StateCorruptError } from '../errors.ts';
import { conditionalPut, epochCondition } from '../state/conditional-put.ts';
import { keys } from '../state/keys.ts';

/**
 * A cloud ingest function's committed position (item `IN#<stage>` / `progress`): the plan fixed by
 * its first commit (the parts and the hash key routing each; a filesystem source's object keys),
 * how many lines (events) it sent, the
 * chunker's position, and whether it announced end-of-stream. Every run resumes from it, so a
 * crashed or zombie run re-sends identical envelopes, which consumers deduplicate (I4).
 */
export const ingestProgressDoc = z.object({
  v: z.literal(1),
  partHashKeys: z.array(z.string()).min(1),
  /** Events sent: the next event number. */
  done: z.number().int().nonnegative(),
  chunk: z.number().int().nonnegative(),
  lastHi: z.array(z.string()),
  eos: z.boolean(),
  /** A filesystem source's object keys, listed at the first commit. */
  objects: z.array(z.string()).optional(),
  /** A filesystem source: where line `done + 1` starts (object index, byte), read by a ranged GET. */
  cursor: z
    .object({ object: z.number().int().nonnegative(), byte: z.number().int().nonnegative() })
    .optional(),
  /**
   * A filesystem source: the line number of each opened object's first line (`objects[i]` starts
   * at line `objectStarts[i]`), so a dead letter's line of the whole source names its object.
   */
  objectStarts: z.array(z.number().int().positive()).optional(),
  /** A paced nexmark source: when its event 0 was due (ms since epoch), fixed at the first commit. */
  startedAtMs: z.number().int().optional(),
});
export type IngestProgressDoc = z.infer<typeof ingestProgressDoc>;

export interface IngestProgress {
  /** 0 when nothing was committed yet. */
  readonly epoch: number;
  readonly doc: IngestProgressDoc | undefined;
}

export async function loadIngestProgress(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
): Promise<IngestProgress> {
  const key = keys.ingest(stageId);
  const res = await dynamo.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  if (!res.Item) return { epoch: 0, doc: undefined };
  const parsed = ingestProgressDoc.safeParse(JSON.parse(res.Item.doc?.S ?? 'null'));
  if (!parsed.success) {
    throw new StateCorruptError(
      `ingest progress of ${stageId}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return { epoch: Number(res.Item.epoch?.N ?? '0'), doc: parsed.data };
}

/**
 * Commits `doc` at `readEpoch + 1` if the position is still at `readEpoch`; a run that lost the
 * race (a zombie, a concurrent schedule) gets CommitConflictError and stops.
 */
export async function commitIngestProgress(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
  readEpoch: number,
  doc: IngestProgressDoc,
): Promise<number> {
  const key = keys.ingest(stageId);
  const written = await conditionalPut(dynamo, {
    TableName: table,
    Item: {
      pk: { S: key.pk },
      sk: { S: key.sk },
      epoch: { N: String(readEpoch + 1) },
      doc: { S: JSON.stringify(doc) },
    },
    ...epochCondition(readEpoch),
  });
  if (!written) throw new CommitConflictError(stageId, 'ingest', readEpoch);
  return readEpoch + 1;
}
