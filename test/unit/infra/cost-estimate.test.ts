import { describe, expect, it } from 'vitest';
import { estimateCost, formatCostEstimate, HOURS_PER_MONTH, PRICES } from '../../../cli/cost-estimate.ts';
import { exampleSpec } from './helpers.ts';

describe('estimateCost', () => {
  it('prices shard-hours of the internal streams from the public price list', async () => {
    const spec = await exampleSpec(2);
    const c = estimateCost(spec, { eventsPerSecond: 1000 });
    const shardHours = c.lines.find((l) => l.item.startsWith('Kinesis shard-hours'))!;
    expect(shardHours.quantity).toBe(2 * HOURS_PER_MONTH);
    expect(shardHours.monthlyUsd).toBeCloseTo(2 * HOURS_PER_MONTH * PRICES.kinesisShardHour, 2);
    expect(c.lines.map((l) => l.item)).toEqual([
      'Kinesis shard-hours (internal streams)',
      'Kinesis PUT payload units',
      'DynamoDB write units (on-demand)',
      'DynamoDB read units (on-demand)',
      'Lambda requests',
      'Lambda compute (arm64)',
    ]);
    expect(c.monthlyUsd).toBeCloseTo(
      c.lines.reduce((n, l) => n + l.monthlyUsd, 0),
      1,
    );
    expect(c.assumptions.length).toBeGreaterThan(3);
  });

  it('grows with the event rate, and states the rate it assumed', async () => {
    const spec = await exampleSpec(2);
    const low = estimateCost(spec, { eventsPerSecond: 100 });
    const high = estimateCost(spec, { eventsPerSecond: 100_000 });
    expect(high.monthlyUsd).toBeGreaterThan(low.monthlyUsd);
    const lambda = (c: typeof low) => c.lines.find((l) => l.item === 'Lambda requests')!.quantity;
    expect(lambda(high)).toBeGreaterThan(lambda(low));
    expect(formatCostEstimate(high)).toContain('at 100000 events/s');
  });
});
