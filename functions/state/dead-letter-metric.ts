/** The stage counts published as CloudWatch metrics (namespace `Sluice`, dimensions Pipeline, Stage). */
export interface StageCounts {
  /** Dead letters written by the commit (the exact, exactly-once count is the checkpoint's stats.dlq). */
  readonly DeadLetters: number;
  /** Rows dropped as late by the commit (exact count: the checkpoint's stats.late). */
  readonly LateRows: number;
}

/**
 * The `Sluice/DeadLetters` and `Sluice/LateRows` metrics of one committed invocation, as one
 * CloudWatch Embedded Metric Format log line (no IAM grant needed), or undefined when both are 0.
 * The dashboard and alarms of infra/pipeline-monitoring.ts read them. A retried commit can count
 * a row twice; the checkpoint's stats (what `sluice run` and `sluice status` print) are exact.
 */
export function stageMetricLine(
  pipeline: string,
  stage: string,
  counts: StageCounts,
  now: number,
): string | undefined {
  const names = (['DeadLetters', 'LateRows'] as const).filter((n) => counts[n] > 0);
  if (names.length === 0) return undefined;
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: 'Sluice',
          Dimensions: [['Pipeline', 'Stage']],
          Metrics: names.map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    Pipeline: pipeline,
    Stage: stage,
    ...Object.fromEntries(names.map((n) => [n, counts[n]])),
  });
}
