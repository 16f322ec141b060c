import { epochKey } from '../../state/keys.ts';

/**
 * Object keys of a `filesystem` sink (docs/internals.md "Sinks"). Under the user's prefix:
 * - final: `<prefix><pipeline>/<stage>/<shard>/<epoch:12>.jsonl`, one per committed epoch with rows;
 * - staging: `<prefix>_sluice_staging/<pipeline>/<stage>/<shard>/<epoch:12>.<attemptId>.jsonl`,
 *   written before the commit. A leading `_` hides the folder from Hive-style readers (Athena,
 *   Spark, Glue) of `<prefix>`; readers of `<prefix><pipeline>/` never see it.
 */
export interface SinkObjects {
  readonly bucket: string;
  readonly prefix: string;
  readonly pipeline: string;
  readonly stageId: string;
}

export const STAGING_FOLDER = '_sluice_staging/';

/** Where the stage's published objects are: `<prefix><pipeline>/<stage>/`. */
export const finalStagePrefix = (o: SinkObjects): string => `${o.prefix}${o.pipeline}/${o.stageId}/`;

export const finalKey = (o: SinkObjects, shardId: string, epoch: number): string =>
  `${finalStagePrefix(o)}${shardId}/${epochKey(epoch)}.jsonl`;

/** The staging folder of the stage: `<prefix>_sluice_staging/<pipeline>/<stage>/`. */
export const stagingStagePrefix = (o: SinkObjects): string =>
  `${o.prefix}${STAGING_FOLDER}${o.pipeline}/${o.stageId}/`;

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
