/**
 * Key groups and routing (ARCHITECTURE "Key groups", docs/internals.md "Routing").
 * A key's group is `fnv1a32(JSON.stringify(keyValues)) % K`; its ExplicitHashKey is the start of the
 * group's hash range, `floor(kg * 2^128 / K)`, so the whole group lands in the one shard owning that point.
 */
const TWO_128 = 1n << 128n;

/** FNV-1a 32-bit over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return fnv1a32Bytes(Buffer.from(text, 'utf8'));
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fnv1a32Bytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const keyGroupOfJson = (keyJson: string, keyGroups: number): number => fnv1a32(keyJson) % keyGroups;

export const keyGroupOf = (keyValues: readonly unknown[], keyGroups: number): number =>
  keyGroupOfJson(JSON.stringify(keyValues), keyGroups);

/** `floor(kg * 2^128 / K)` as a decimal string. */
export const keyGroupHashKey = (kg: number, keyGroups: number): string =>
  ((BigInt(kg) * TWO_128) / BigInt(keyGroups)).toString();

export interface ShardRange {
  readonly shardId: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
}

/**
 * Maps key groups to the open shards of a stream. Built from ListShards; every key group resolves
 * to exactly one shard (the one whose range holds the group's start).
 */
export class ShardRouter {
  private readonly byKg: number[];
  readonly shards: readonly ShardRange[];

  constructor(shards: readonly ShardRange[], keyGroups: number) {
    this.shards = [...shards].sort((a, b) => cmpBig(a.startingHashKey, b.startingHashKey));
    const ranges = this.shards.map((s) => [BigInt(s.startingHashKey), BigInt(s.endingHashKey)] as const);
    this.byKg = [];
    for (let kg = 0; kg < keyGroups; kg++) {
      const h = (BigInt(kg) * TWO_128) / BigInt(keyGroups);
      const idx = ranges.findIndex(([lo, hi]) => lo <= h && h <= hi);
      if (idx < 0) throw new Error(`no open shard covers key group ${kg}`);
      this.byKg.push(idx);
    }
  }

  /** Index into `shards` of the shard that owns key group `kg`. */
  shardIndexOf(kg: number): number {
    return this.byKg[kg]!;
  }
}

const cmpBig = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
