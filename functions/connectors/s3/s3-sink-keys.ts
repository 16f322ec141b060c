import type { PipelineSpec, StageSpec } from '../../../compiler/spec/index.ts';
import { epochKey } from '../../state/keys.ts';

/**
 * Object keys of a `filesystem` sink (docs/internals.md "Sinks"). All under the pipeline's own
 * folder `<prefix><pipeline>/`, which is all its IAM grants reach (infra/grants.ts):
 * - final: `<prefix><pipeline>/<stage>/<shard>/<epoch:12>.jsonl`, one per committed epoch with rows;
 * - staging: `<prefix><pipeline>/_sluice_staging/<stage>/<shard>/<epoch:12>.<attemptId>.jsonl`,
 *   written before the commit. A leading `_` hides the folder from Hive-style readers (Athena,
 *   Spark, Glue) of `<prefix>` or `<prefix><pipeline>/`; readers of `<prefix><pipeline>/<stage>/`
 *   never see it.
 */
export interface SinkObjects {
  readonly bucket: string;
  readonly prefix: string;
  readonly pipeline: string;
  readonly stageId: string;
}

export const STAGING_FOLDER = '_sluice_staging/';

/** The object layout of a stage's `filesystem` sink, or undefined when it writes no such sink. */
export function sinkObjectsOf(spec: PipelineSpec, stage: StageSpec): SinkObjects | undefined {
  const out = stage.output;
  if (out.kind !== 'sink' || out.sink.kind !== 'filesystem') return undefined;
  return { bucket: out.sink.bucket, prefix: out.sink.prefix, pipeline: spec.name, stageId: stage.id };
}

/** The pipeline's own folder, which holds every object its sinks write: `<prefix><pipeline>/`. */
export const pipelinePrefix = (o: Pick<SinkObjects, 'prefix' | 'pipeline'>): string =>
  `${o.prefix}${o.pipeline}/`;

/** Where the stage's published objects are: `<prefix><pipeline>/<stage>/`. */
export const finalStagePrefix = (o: SinkObjects): string => `${pipelinePrefix(o)}${o.stageId}/`;

export const finalKey = (o: SinkObjects, shardId: string, epoch: number): string =>
  `${finalStagePrefix(o)}${shardId}/${epochKey(epoch)}.jsonl`;

/** The staging folder of the stage: `<prefix><pipeline>/_sluice_staging/<stage>/`. */
export const stagingStagePrefix = (o: SinkObjects): string =>
  `${pipelinePrefix(o)}${STAGING_FOLDER}${o.stageId}/`;

/** The staging folder of one shard. */
export const stagingShardPrefix = (o: SinkObjects, shardId: string): string =>
  `${stagingStagePrefix(o)}${shardId}/`;

export const stagingKey = (o: SinkObjects, shardId: string, epoch: number, attemptId: string): string =>
  `${stagingShardPrefix(o, shardId)}${epochKey(epoch)}.${attemptId}.jsonl`;

/** The shard and epoch a staging key of `o` was written for, or undefined if it is not one. */
export function parseStagingKey(o: SinkObjects, key: string): { shardId: string; epoch: number } | undefined {
  const head = stagingStagePrefix(o);
  if (!key.startsWith(head)) return undefined;
  const m = /^([^/]+)\/(\d{12})\.[0-9a-z]+\.jsonl$/.exec(key.slice(head.length));
  return m ? { shardId: m[1]!, epoch: Number(m[2]) } : undefined;
}

/** The final key a committed staging key is published to (same shard and epoch). */
export function publishedKeyOf(o: SinkObjects, staged: string): string | undefined {
  const at = parseStagingKey(o, staged);
  return at && finalKey(o, at.shardId, at.epoch);
}
