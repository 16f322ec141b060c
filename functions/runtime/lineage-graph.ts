import type { Shard } from '@aws-sdk/client-kinesis';

/** A hash-key range `[lo, hi]`, inclusive, as Kinesis gives it. */
export type HashRange = readonly [bigint, bigint];

export interface ShardNode {
  readonly id: string;
  /** ParentShardId and AdjacentParentShardId (a merge has two), sorted. */
  readonly parents: readonly string[];
  readonly range: HashRange;
  readonly closed: boolean;
}

/**
 * The shard lineage of one stream, from ListShards (closed shards included). Immutable history:
 * a shard's parents, children and hash range never change once the shard exists.
 */
export class ShardGraph {
  private readonly nodes = new Map<string, ShardNode>();
  private readonly children = new Map<string, string[]>();

  constructor(shards: readonly Shard[]) {
    for (const s of shards) {
      const id = s.ShardId ?? '';
      const parents = [s.ParentShardId, s.AdjacentParentShardId]
        .filter((p): p is string => typeof p === 'string' && p !== '')
        .sort();
      this.nodes.set(id, {
        id,
        parents,
        range: [BigInt(s.HashKeyRange?.StartingHashKey ?? '0'), BigInt(s.HashKeyRange?.EndingHashKey ?? '0')],
        closed: s.SequenceNumberRange?.EndingSequenceNumber !== undefined,
      });
      for (const p of parents) {
        const list = this.children.get(p) ?? [];
        list.push(id);
        this.children.set(p, list);
      }
    }
    for (const list of this.children.values()) list.sort();
  }

  node(id: string): ShardNode | undefined {
    return this.nodes.get(id);
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  childrenOf(id: string): readonly string[] {
    return this.children.get(id) ?? [];
  }

  /** Shards created with the stream (no parent), sorted. */
  roots(): string[] {
    return [...this.nodes.values()]
      .filter((n) => n.parents.length === 0)
      .map((n) => n.id)
      .sort();
  }

  /** Open shards, sorted by id. */
  open(): string[] {
    return [...this.nodes.values()]
      .filter((n) => !n.closed)
      .map((n) => n.id)
      .sort();
  }
}

export const inRange = (h: bigint, [lo, hi]: HashRange): boolean => lo <= h && h <= hi;
