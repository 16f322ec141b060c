import { describe, expect, it } from 'vitest';
import { nextStep } from '../../../localstack/kinesis/update-shard-count.ts';

const MAX = 2n ** 128n - 1n;
const shard = (id: string, start: bigint, end: bigint) => ({
  ShardId: id,
  HashKeyRange: { StartingHashKey: start.toString(), EndingHashKey: end.toString() },
  SequenceNumberRange: { StartingSequenceNumber: '0' },
});

describe('UpdateShardCount steps', () => {
  it('never splits a shard at its own start + 1 (Kinesis refuses it); it merges instead', () => {
    const half = 2n ** 127n;
    const open = [shard('a', 0n, half - 2n), shard('b', half - 1n, MAX)];
    // before the fix: split b at 2^127 = its start + 1 (InvalidArgumentException from Kinesis)
    expect(nextStep(open as never, 2)).toEqual({ kind: 'merge', shardId: 'a', adjacentId: 'b' });
  });

  it('splits strictly inside a shard at a missing boundary', () => {
    const step = nextStep([shard('a', 0n, MAX)] as never, 2);
    expect(step).toEqual({ kind: 'split', shardId: 'a', at: 2n ** 127n });
  });
});
