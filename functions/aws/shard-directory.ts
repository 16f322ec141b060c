import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import type { ShardRange } from '../wire/routing.ts';
import { streamTarget } from './stream-target.ts';

export interface ShardListing {
  /** Open shards (no EndingSequenceNumber), sorted by starting hash key. */
  readonly open: readonly ShardRange[];
  /** Every shard ListShards returned, closed parents included (for lineage, I5). */
  readonly all: readonly Shard[];
}

/**
 * ListShards with a per-container cache. The open shards of a stream decide where markers go and,
 * for edge stages, which producer shards the watermark waits for.
 * A stale listing is safe: producers detect misrouted puts (ShardId in the PutRecords result) and
 * invalidate; lineage (runtime/lineage.ts) re-lists when it does not know a shard.
 */
export class ShardDirectory {
  private readonly cache = new Map<string, { at: number; listing: Promise<ShardListing> }>();

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  list(streamName: string): Promise<ShardListing> {
    const hit = this.cache.get(streamName);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.listing;
    const listing = this.fetch(streamName);
    this.cache.set(streamName, { at: this.now(), listing });
    listing.catch(() => this.cache.delete(streamName));
    return listing;
  }

  async open(streamName: string): Promise<readonly ShardRange[]> {
    return (await this.list(streamName)).open;
  }

  invalidate(streamName?: string): void {
    if (streamName === undefined) this.cache.clear();
    else this.cache.delete(streamName);
  }

  private async fetch(streamName: string): Promise<ShardListing> {
    const all: Shard[] = [];
    let token: string | undefined;
    do {
      const res = await this.kinesis.send(
        new ListShardsCommand(token ? { NextToken: token } : streamTarget(streamName)),
      );
      all.push(...(res.Shards ?? []));
      token = res.NextToken;
    } while (token);
    const open = all
      .filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined)
      .map((s) => ({
        shardId: s.ShardId ?? '',
        startingHashKey: s.HashKeyRange?.StartingHashKey ?? '0',
        endingHashKey: s.HashKeyRange?.EndingHashKey ?? '0',
      }))
      .sort((a, b) => {
        const x = BigInt(a.startingHashKey);
        const y = BigInt(b.startingHashKey);
        return x < y ? -1 : x > y ? 1 : 0;
      });
    return { open, all };
  }
}
