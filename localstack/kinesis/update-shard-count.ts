import { KinesisApiError, type KinesisRawClient } from './kinesis-raw-client.ts';
import { isOpen, listShards, type Shard, streamArn, waitActive } from './shards.ts';

const POW_128 = 2n ** 128n;

export interface UpdateShardCountResult {
  readonly StreamName: string;
  readonly StreamARN: string;
  readonly CurrentShardCount: number;
  readonly TargetShardCount: number;
}

/**
 * The hash-key boundaries of a uniform layout of `n` shards: the StartingHashKey of every shard
 * but the first. Same formula as CreateStream (kinesalite and AWS): `floor(2^128 / n) * i`.
 */
export function uniformBoundaries(n: number): bigint[] {
  const width = POW_128 / BigInt(n);
  return Array.from({ length: n - 1 }, (_, i) => width * BigInt(i + 1));
}

type Step =
  | { readonly kind: 'split'; readonly shardId: string; readonly at: bigint }
  | { readonly kind: 'merge'; readonly shardId: string; readonly adjacentId: string }
  | { readonly kind: 'done' };

/**
 * The next SplitShard/MergeShards that moves the open shards towards the uniform layout of
 * `target` shards: first split at every target boundary that is not yet a shard boundary, then
 * merge the adjacent shards that fall inside one target range, pairwise from the left.
 */
export function nextStep(open: readonly Shard[], target: number): Step {
  const shards = [...open]
    .map((s) => ({
      id: s.ShardId,
      start: BigInt(s.HashKeyRange.StartingHashKey),
      end: BigInt(s.HashKeyRange.EndingHashKey),
    }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const bounds = uniformBoundaries(target);
  const starts = new Set(shards.map((s) => s.start));
  for (const b of bounds) {
    if (starts.has(b)) continue;
    // Kinesis splits only strictly inside a shard (start + 1 < key < end); a shard that starts just
    // below a boundary (a split elsewhere put it there) already serves as that boundary.
    if (starts.has(b - 1n)) continue;
    const holder = shards.find((s) => s.start + 1n < b && b < s.end);
    if (holder) return { kind: 'split', shardId: holder.id, at: b };
  }
  const rangeOf = (key: bigint) => bounds.filter((b) => b <= key).length;
  for (let i = 0; i + 1 < shards.length; i++) {
    const a = shards[i]!;
    const b = shards[i + 1]!;
    if (rangeOf(a.start) === rangeOf(b.start)) return { kind: 'merge', shardId: a.id, adjacentId: b.id };
  }
  return { kind: 'done' };
}

const busyByClient = new WeakMap<KinesisRawClient, Set<string>>();

/**
 * UpdateShardCount with UNIFORM_SCALING, done as the series of SplitShard/MergeShards calls that
 * yields the uniform layout. Honours AWS's 0.5x–2x rule per call. Resolves when the stream is
 * ACTIVE again at the target count (AWS answers at once and finishes asynchronously).
 */
export async function updateShardCount(
  client: KinesisRawClient,
  streamName: string,
  target: number,
  scalingType: string,
): Promise<UpdateShardCountResult> {
  if (scalingType !== 'UNIFORM_SCALING') {
    throw new KinesisApiError(
      'ValidationException',
      `ScalingType must be UNIFORM_SCALING, got ${scalingType}`,
      400,
    );
  }
  if (!Number.isInteger(target) || target < 1) {
    throw new KinesisApiError(
      'ValidationException',
      `TargetShardCount must be a positive integer, got ${target}`,
      400,
    );
  }
  const busy = busyByClient.get(client) ?? new Set<string>();
  busyByClient.set(client, busy);
  if (busy.has(streamName)) {
    throw new KinesisApiError('ResourceInUseException', `Stream ${streamName} is being updated.`, 400);
  }
  busy.add(streamName);
  try {
    await waitActive(client, streamName);
    const current = (await listShards(client, streamName)).filter(isOpen).length;
    if (target > current * 2 || target * 2 < current) {
      throw new KinesisApiError(
        'InvalidArgumentException',
        `UpdateShardCount from ${current} to ${target} shards: the target must be between half and double the current open shard count.`,
        400,
      );
    }
    for (;;) {
      const step = nextStep((await listShards(client, streamName)).filter(isOpen), target);
      switch (step.kind) {
        case 'done':
          return {
            StreamName: streamName,
            StreamARN: streamArn(streamName),
            CurrentShardCount: current,
            TargetShardCount: target,
          };
        case 'split':
          await client.call('SplitShard', {
            StreamName: streamName,
            ShardToSplit: step.shardId,
            NewStartingHashKey: step.at.toString(),
          });
          break;
        case 'merge':
          await client.call('MergeShards', {
            StreamName: streamName,
            ShardToMerge: step.shardId,
            AdjacentShardToMerge: step.adjacentId,
          });
          break;
        default: {
          const never: never = step;
          throw new Error(`unknown step ${JSON.stringify(never)}`);
        }
      }
      await waitActive(client, streamName);
    }
  } finally {
    busy.delete(streamName);
  }
}
