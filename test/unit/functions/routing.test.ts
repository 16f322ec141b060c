import { describe, expect, it } from 'vitest';
import { fnv1a32, keyGroupHashKey, keyGroupOf, ShardRouter } from '../../../functions/wire/routing.ts';

const TWO_128 = 1n << 128n;

/** The ranges CreateStream/UpdateShardCount give n uniform shards. */
const uniform = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const width = TWO_128 / BigInt(n);
    return {
      shardId: `shardId-${String(i).padStart(12, '0')}`,
      startingHashKey: (width * BigInt(i)).toString(),
      endingHashKey: (i === n - 1 ? TWO_128 - 1n : width * BigInt(i + 1) - 1n).toString(),
    };
  });

describe('routing', () => {
  it('fnv1a32 matches the reference vectors and hashes UTF-8 bytes', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'));
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'));
  });

  it('key groups are stable and in range', () => {
    expect(keyGroupOf(['alice'], 256)).toBe(fnv1a32('["alice"]') % 256);
    for (let i = 0; i < 1000; i++) {
      const kg = keyGroupOf([`k${i}`, i], 256);
      expect(kg).toBeGreaterThanOrEqual(0);
      expect(kg).toBeLessThan(256);
    }
    expect(keyGroupHashKey(0, 256)).toBe('0');
    expect(BigInt(keyGroupHashKey(255, 256))).toBe((255n * TWO_128) / 256n);
  });

  it('every key group maps to exactly one shard for 1..8 uniform shards', () => {
    for (const K of [7, 16, 256]) {
      for (let n = 1; n <= 8; n++) {
        const shards = uniform(n);
        const router = new ShardRouter(shards, K);
        for (let kg = 0; kg < K; kg++) {
          const h = BigInt(keyGroupHashKey(kg, K));
          const owners = shards.filter((s) => BigInt(s.startingHashKey) <= h && h <= BigInt(s.endingHashKey));
          expect(owners).toHaveLength(1);
          expect(router.shards[router.shardIndexOf(kg)]!.shardId).toBe(owners[0]!.shardId);
        }
        // key groups are spread: every shard owns at least one group when K >= n
        const used = new Set(Array.from({ length: K }, (_, kg) => router.shardIndexOf(kg)));
        if (K >= n) expect(used.size).toBe(n);
      }
    }
  });
});
