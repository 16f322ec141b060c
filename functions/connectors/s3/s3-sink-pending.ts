import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { listCheckpoints } from '../../state/checkpoint-store.ts';
import { publishObject, sweepStaging } from './s3-sink.ts';
import { sinkObjectsOf } from './s3-sink-keys.ts';

export { sinkObjectsOf };

export interface PendingResult {
  /** Committed objects this call copied to their final key (0 when every one already was). */
  readonly published: number;
  /** Staging objects deleted (published ones, and losers' that can never commit). */
  readonly swept: number;
}

/**
 * For every checkpoint of every `filesystem` sink stage, closed ones included: publish the
 * committed object it names, if not yet published, then sweep that shard's dead staging objects.
 * Run by the clock (every minute in the cloud, every second locally) and by `sluice run` before it
 * reports, so an object committed by an invocation that crashed before publishing, or by a shard a
 * reshard closed, is published even when that shard never runs again.
 */
export async function publishPendingSinks(opts: {
  readonly spec: PipelineSpec;
  readonly table: string;
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
}): Promise<PendingResult> {
  let published = 0;
  let swept = 0;
  for (const stage of opts.spec.stages) {
    const o = sinkObjectsOf(opts.spec, stage);
    if (!o) continue;
    for (const cp of await listCheckpoints(opts.dynamo, opts.table, stage.id)) {
      if (cp.doc.sinkPart !== null && (await publishObject(opts.s3, o, cp.doc.sinkPart)) === 'published')
        published++;
      swept += await sweepStaging(opts.s3, o, cp.shardId, cp.epoch);
    }
  }
  return { published, swept };
}
