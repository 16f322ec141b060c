import { describe, expect, it } from 'vitest';
import { chaosSettings, onlyRates } from '../../../functions/chaos/chaos-config.ts';
import { esmChaos } from '../../../localstack/chaos/esm-chaos.ts';
import { FaultCounts, Ordinals } from '../../../localstack/chaos/fault-counts.ts';
import type { FaultContext } from '../../../localstack/fault-injector.ts';

const ctx = (invokes: number): FaultContext => ({
  functionName: 'f',
  mappingUuid: 'm',
  shardId: 'shardId-000000000000',
  firstSequenceNumber: '1',
  lastSequenceNumber: '1',
  recordCount: 1,
  retries: 0,
  invokes,
});

describe('ESM chaos (redeliver, partial-restart)', () => {
  // At rates that sum to 1 every successful delivery is faulted; a one-record segment can only be
  // restarted from 0, so without a cap it would never get through (and hold back its shard).
  it('lets a segment through after a few faulted deliveries, even at rates summing to 1', () => {
    const settings = chaosSettings(7, onlyRates(['redeliver', 'partial-restart'], 0.5));
    const chaos = esmChaos(() => settings, new FaultCounts(), new Ordinals());
    const outcomes = [0, 1, 2, 3, 4, 5].map((n) => chaos.afterInvoke(ctx(n), 'success').kind);
    expect(outcomes.slice(0, 4).every((k) => k !== 'none')).toBe(true);
    expect(outcomes.slice(4)).toEqual(['none', 'none']);
  });
});
