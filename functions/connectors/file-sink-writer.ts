import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { epochKey } from '../state/keys.ts';

/** The folder holding a single_file sink's part files: `<path>.parts`. */
export const partsDir = (sinkPath: string): string => `${resolve(sinkPath)}.parts`;

export const partFileName = (stageId: string, shardId: string, epoch: number, attemptId: string): string =>
  `${stageId}.${shardId}.${epochKey(epoch)}.${attemptId}.jsonl`;

/**
 * Writes one part file of a single_file sink BEFORE the commit that references it (I7): first line
 * `{"prev": <previous committed part or null>}`, then one JSON row per line. The name is unique per
 * (epoch, attempt), so a zombie's part is simply never referenced. Written to a temp name and
 * renamed, so a referenced part is always complete.
 */
export async function writeSinkPart(
  sinkPath: string,
  name: string,
  prev: string | null,
  lines: readonly string[],
): Promise<void> {
  const dir = partsDir(sinkPath);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  const tmp = `${file}.tmp`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(tmp, `${JSON.stringify({ prev })}\n${lines.length > 0 ? `${lines.join('\n')}\n` : ''}`);
  await rename(tmp, file);
}
