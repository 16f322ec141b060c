import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IWidget,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { FailedRecords } from './failed-records.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';
import type { StageFunction } from './stage-function.ts';

/**
 * The dead-letter metric. The runtime writes each dead letter to the table (`DLQ#<stage>`, I8) and
 * logs one CloudWatch Embedded Metric Format line per commit that wrote any (docs/deploy.md), so
 * the metric needs no IAM grant. It counts dead-letter writes: a retried commit can count a row
 * twice, while the checkpoint's `stats.dlq` (what `sluice run` prints) is exact.
 */
export const DEAD_LETTER_METRIC = { namespace: 'Sluice', metricName: 'DeadLetters' } as const;

/**
 * The late-row metric: rows a stage dropped because their event time was behind its watermark
 * (the source's allowed delay, or a window that already fired). Logged like dead letters (EMF,
 * functions/state/dead-letter-metric.ts); the checkpoint's `stats.late` is the exact count.
 */
export const LATE_ROWS_METRIC = { namespace: 'Sluice', metricName: 'LateRows' } as const;

/** Properties of `PipelineMonitoring`. */
export interface PipelineMonitoringProps {
  readonly stages: readonly StageFunction[];
  /** Physical name of each stage's input stream, by stage id. */
  readonly inputStreamNames: ReadonlyMap<string, string>;
  readonly failedRecords: FailedRecords;
  readonly settings: ResolvedPipelineProps;
}

/** One dashboard per pipeline, a row per stage; alarms on iterator age, errors, dead letters and late rows. */
export class PipelineMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    const s = props.settings;
    const pipeline = s.spec.name;
    const period = Duration.minutes(1);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `sluice-${pipeline}` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# sluice pipeline \`${pipeline}\`\nDead letters are rows in the state table (pk \`DLQ#<stage>\`); list them with the CLI.`,
        width: 24,
        height: 2,
      }),
    );
    for (const stage of props.stages) {
      const fn = stage.fn.function;
      const streamName = props.inputStreamNames.get(stage.stage.id) ?? '';
      const kinesis = (metricName: string) =>
        new Metric({
          namespace: 'AWS/Kinesis',
          metricName,
          dimensionsMap: { StreamName: streamName },
          statistic: 'Sum',
          period,
        });
      const stageMetric = (m: typeof DEAD_LETTER_METRIC | typeof LATE_ROWS_METRIC) =>
        new Metric({
          ...m,
          dimensionsMap: { Pipeline: pipeline, Stage: stage.stage.id },
          statistic: 'Sum',
          period,
        });
      const deadLetters = stageMetric(DEAD_LETTER_METRIC);
      const lateRows = stageMetric(LATE_ROWS_METRIC);
      const iteratorAge = fn.metric('IteratorAge', { statistic: 'Maximum', period });
      const errors = fn.metricErrors({ statistic: 'Sum', period });
      const widgets: IWidget[] = [
        new TextWidget({ markdown: `## ${stage.stage.id}: ${stage.stage.label}`, width: 24, height: 1 }),
        new GraphWidget({
          title: `${stage.stage.id} input ${streamName}`,
          left: [kinesis('IncomingRecords')],
          right: [kinesis('IncomingBytes')],
          width: 6,
        }),
        new GraphWidget({ title: `${stage.stage.id} iterator age (ms)`, left: [iteratorAge], width: 6 }),
        new GraphWidget({
          title: `${stage.stage.id} invocations, errors, throttles`,
          left: [
            fn.metricInvocations({ statistic: 'Sum', period }),
            errors,
            fn.metricThrottles({ statistic: 'Sum', period }),
          ],
          width: 6,
        }),
        new GraphWidget({
          title: `${stage.stage.id} duration (ms), dead letters and late rows`,
          left: [
            fn.metricDuration({ statistic: 'Average', period }),
            fn.metricDuration({ statistic: 'Maximum', period }),
          ],
          right: [deadLetters.with({ label: 'dead letters' }), lateRows.with({ label: 'late rows dropped' })],
          width: 6,
        }),
      ];
      this.dashboard.addWidgets(...widgets);

      const alarm = (name: string, props: ConstructorParameters<typeof Alarm>[2]) => {
        const a = new Alarm(this, `${stage.stage.id}${name}`, props);
        if (s.alarms.action) a.addAlarmAction(s.alarms.action);
        this.alarms.push(a);
      };
      alarm('IteratorAge', {
        alarmName: `sluice-${pipeline}-${stage.stage.id}-iterator-age`,
        alarmDescription: `Stage ${stage.stage.id} is falling behind its input stream ${streamName}.`,
        metric: iteratorAge,
        threshold: s.alarms.iteratorAge.toMilliseconds(),
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm('Errors', {
        alarmName: `sluice-${pipeline}-${stage.stage.id}-errors`,
        alarmDescription: `Stage ${stage.stage.id} invocations fail; the mapping retries them (exactly-once holds).`,
        metric: errors.with({ period: Duration.minutes(5) }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm('DeadLetters', {
        alarmName: `sluice-${pipeline}-${stage.stage.id}-dead-letters`,
        alarmDescription: `Stage ${stage.stage.id} dead-lettered input rows (table pk DLQ#${stage.stage.id}).`,
        metric: deadLetters.with({ period: Duration.minutes(5) }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm('LateRows', {
        alarmName: `sluice-${pipeline}-${stage.stage.id}-late-rows`,
        alarmDescription:
          `Stage ${stage.stage.id} dropped rows whose event time was behind its watermark; they are missing ` +
          'from the results. Raise the WATERMARK delay, or check the producers (docs/security.md, Event-time guard).',
        metric: lateRows.with({ period: Duration.minutes(5) }),
        threshold: s.alarms.lateRows,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    const failed = props.failedRecords.metricPutRequests(Duration.minutes(5));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Batches the mappings gave up on (on-failure bucket)',
        left: [failed],
        width: 24,
      }),
    );
    const queueAlarm = new Alarm(this, 'FailedBatches', {
      alarmName: `sluice-${pipeline}-failed-batches`,
      alarmDescription:
        'An event source mapping gave up on a batch (an outage outlasted MaximumRecordAge); the batch and ' +
        'its records are in the failed-records bucket (aws/lambda/<mapping>/<shard>/…). Those records were ' +
        'not processed: replay them once the outage is over (docs/security.md, Poison records and outages).',
      metric: failed,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (s.alarms.action) queueAlarm.addAlarmAction(s.alarms.action);
    this.alarms.push(queueAlarm);
  }
}
