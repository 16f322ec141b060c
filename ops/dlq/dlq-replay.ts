import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import { type DeadLetter, isConditionFailed, keys, listDeadLetters, putAll } from '../../functions/index.ts';
import { DlqError } from './dlq-errors.ts';
import { replayEnvelope, replayPartitionKey } from './replay-record.ts';
import { type StageInput, stageInput, targetHashKey } from './stage-inputs.ts';

export interface ReplayOptions {
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  readonly lambda: LambdaClient;
  readonly pipeline: string;
  /** The compiled pipeline, when named by its SQL file. */
  readonly spec?: PipelineSpec;
  /** Only this stage's dead letters. */
  readonly stage?: string;
  /**
   * Fixed entries (`sluice dlq list --json` lines, `raw` edited): only these replay, each with its
   * new `raw`. Matched by stage, shard, seq and index.
   */
  readonly fixes?: readonly DeadLetter[];
  /** Replay entries already marked replayed too (file sources still dedupe them, I4). */
  readonly force?: boolean;
}

export interface ReplayOutcome {
  readonly replayed: readonly DeadLetter[];
  readonly skipped: readonly { readonly letter: DeadLetter; readonly reason: string }[];
}

const keyOf = (d: Pick<DeadLetter, 'stage' | 'shardId' | 'seq' | 'index'>) =>
  `${d.stage}/${d.shardId}/${d.seq}/${d.index}`;

/**
 * Sends dead letters back into their stage's input (I8 "once fixed"), and marks each replayed.
 * - file sources: one ingest envelope per entry from producer `replay:<stage>` with a position fixed
 *   by the entry (`replay-record.ts`): put first, then mark. A repeat (crash between, or --force) is
 *   deduplicated by the stage (I4), so the fixed row counts exactly once.
 * - kinesis sources: the raw text as a new record of the user's stream: marked first (conditional),
 *   then put, so at most once; the stage's dedupe cannot know a new record is a repeat.
 * - edge stages: refused; the dead letter keeps the row but not its event time.
 */
export async function replayDeadLetters(opts: ReplayOptions): Promise<ReplayOutcome> {
  const table = resourceNames.table(opts.pipeline);
  let letters = await listDeadLetters(opts.dynamo, table, opts.stage);
  if (opts.fixes) {
    const stored = new Map(letters.map((d) => [keyOf(d), d]));
    const missing = opts.fixes.filter((f) => !stored.has(keyOf(f)));
    if (missing.length > 0) {
      throw new DlqError(
        'DLQ_INPUT_INVALID',
        `${missing.length} fixed entr${missing.length === 1 ? 'y is' : 'ies are'} not dead letters of ${opts.pipeline}: ${missing.map(keyOf).join(', ')}`,
      );
    }
    // a fixed entry's raw is the whole input again, no longer a kept prefix
    letters = opts.fixes.map((f) => ({
      ...stored.get(keyOf(f))!,
      raw: f.raw,
      rawBytes: undefined,
      rawSha256: undefined,
    }));
  }
  const replayed: DeadLetter[] = [];
  const skipped: { letter: DeadLetter; reason: string }[] = [];
  const inputs = new Map<string, StageInput | undefined>();
  for (const d of letters) {
    if (!inputs.has(d.stage)) {
      const same = letters.filter((x) => x.stage === d.stage);
      inputs.set(d.stage, await stageInput(opts, opts.pipeline, opts.spec, d.stage, same));
    }
    const input = inputs.get(d.stage);
    if (d.replayedAt && !opts.force) {
      skipped.push({ letter: d, reason: `already replayed at ${d.replayedAt}` });
      continue;
    }
    if (!input) {
      skipped.push({ letter: d, reason: `stage ${d.stage} is not a stage of ${opts.pipeline}` });
      continue;
    }
    if (d.rawSha256 !== undefined) {
      skipped.push({
        letter: d,
        reason:
          `not replayable as kept: only the first bytes of its ${d.rawBytes ?? '?'} bytes were kept ` +
          `(sha256 ${d.rawSha256}); fix the input at ${d.position} and replay the fixed line (sluice dlq replay --from FILE)`,
      });
      continue;
    }
    if (input.kind === 'edge') {
      skipped.push({
        letter: d,
        reason: 'not replayable: an edge stage row needs its event time, which dead letters do not keep',
      });
      continue;
    }
    const hashKey = await targetHashKey(opts.kinesis, input.stream, d.shardId);
    if (input.kind === 'file') {
      await putAll(opts.kinesis, input.stream, [
        { data: replayEnvelope(d, d.raw), partitionKey: `replay:${d.stage}`, explicitHashKey: hashKey },
      ]);
      await mark(opts.dynamo, table, d, false);
    } else {
      if (!(await mark(opts.dynamo, table, d, !opts.force))) {
        skipped.push({ letter: d, reason: 'already replayed (by a concurrent replay)' });
        continue;
      }
      await putAll(opts.kinesis, input.stream, [{ data: d.raw, partitionKey: replayPartitionKey(d) }]);
    }
    replayed.push(d);
  }
  return { replayed, skipped };
}

/** Marks a dead letter replayed (with the raw sent); with `once`, only if it was not. */
async function mark(dynamo: DynamoDBClient, table: string, d: DeadLetter, once: boolean): Promise<boolean> {
  const key = keys.deadLetter(d.stage, d.shardId, d.seq, d.index);
  try {
    await dynamo.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        UpdateExpression: 'SET replayedAt = :at, replayedRaw = :raw',
        ConditionExpression: once
          ? 'attribute_exists(pk) AND attribute_not_exists(replayedAt)'
          : 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': { S: new Date().toISOString() }, ':raw': { S: d.raw } },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}
