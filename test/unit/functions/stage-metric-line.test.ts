import { describe, expect, it } from 'vitest';
import { stageMetricLine } from '../../../functions/state/dead-letter-metric.ts';

describe('stageMetricLine (CloudWatch EMF)', () => {
  it('publishes late rows and dead letters under Sluice with Pipeline and Stage dimensions', () => {
    const line = stageMetricLine('orders', 's2', { DeadLetters: 0, LateRows: 4 }, 1_700_000_000_000);
    const doc = JSON.parse(line ?? '{}');
    expect(doc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Sluice',
        Dimensions: [['Pipeline', 'Stage']],
        Metrics: [{ Name: 'LateRows', Unit: 'Count' }],
      },
    ]);
    expect(doc).toMatchObject({ Pipeline: 'orders', Stage: 's2', LateRows: 4 });
    expect(doc.DeadLetters).toBeUndefined();
    const both = JSON.parse(stageMetricLine('orders', 's1', { DeadLetters: 2, LateRows: 1 }, 0) ?? '{}');
    expect(both._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toEqual([
      'DeadLetters',
      'LateRows',
    ]);
    expect(both).toMatchObject({ DeadLetters: 2, LateRows: 1 });
  });

  it('logs nothing for a commit with neither', () => {
    expect(stageMetricLine('orders', 's1', { DeadLetters: 0, LateRows: 0 }, 0)).toBeUndefined();
  });
});
