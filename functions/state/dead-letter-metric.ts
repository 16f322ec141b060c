/**
 * The `Sluice/DeadLetters` metric, as a CloudWatch Embedded Metric Format log line (no IAM grant
 * needed). The dashboard and alarm of infra/pipeline-monitoring.ts read it. It counts dead letters
 * written by a committed invocation; the exact, exactly-once count is the checkpoint's stats.dlq.
 */
export function deadLetterMetricLine(pipeline: string, stage: string, count: number, now: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: 'Sluice',
          Dimensions: [['Pipeline', 'Stage']],
          Metrics: [{ Name: 'DeadLetters', Unit: 'Count' }],
        },
      ],
    },
    Pipeline: pipeline,
    Stage: stage,
    DeadLetters: count,
  });
}
