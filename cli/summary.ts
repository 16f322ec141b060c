import type { PipelineSpec } from '../compiler/spec/index.ts';
import type { DeadLetterInfo, PipelineProgress, StageProgress, UsageTotals } from '../ops/index.ts';
import { type ChaosReport, formatChaosReport } from '../ops/index.ts';
import { fmt } from './progress-view.ts';

export interface RunSummary {
  readonly pipeline: string;
  readonly parallelism: number;
  readonly elapsedMs: number;
  /** From the start of ingest until every sink committed end-of-stream (excludes start-up and deploy). */
  readonly runningMs: number;
  readonly interrupted: boolean;
  readonly ingested: number;
  readonly stages: readonly StageProgress[];
  readonly sinks: readonly { table: string; path: string; rows: number }[];
  readonly previewRows: number;
  readonly deadLettered: number;
  /** Rows dropped because their event time was behind the watermark, over every stage (exact). */
  readonly lateDropped: number;
  readonly deadLetters: readonly DeadLetterInfo[];
  /** Template resources and settings the local stack did not emulate, with the reason. */
  readonly notEmulated: readonly { resource: string; type: string; reason: string }[];
  /** `--chaos`: the faults injected, by kind. */
  readonly chaos?: ChaosReport;
  /**
   * Cost units of the run. From the committed stats (exactly once, stage functions only):
   * dynamoWriteUnits (commits, state pages, dead letters), kinesisPutUnits, invocations. Metered by
   * the local stack over every call (the clock, the sweeper's deletes and all reads included, and
   * retries): `metered`.
   */
  readonly cost: {
    readonly dynamoWriteUnits: number;
    readonly kinesisPutUnits: number;
    readonly invocations: number;
    readonly metered?: UsageTotals;
  };
}

export function buildSummary(input: {
  spec: PipelineSpec;
  progress: PipelineProgress | undefined;
  ingested: number;
  elapsedMs: number;
  runningMs: number;
  sinks: RunSummary['sinks'];
  previewRows: number;
  deadLetters: readonly DeadLetterInfo[];
  parallelism: number;
  interrupted: boolean;
  notEmulated: RunSummary['notEmulated'];
  chaos?: ChaosReport;
  usage?: UsageTotals | undefined;
}): RunSummary {
  const stages = input.progress?.stages ?? [];
  const total = (f: (s: StageProgress) => number) => stages.reduce((a, s) => a + f(s), 0);
  return {
    pipeline: input.spec.name,
    parallelism: input.parallelism,
    elapsedMs: input.elapsedMs,
    runningMs: input.runningMs,
    interrupted: input.interrupted,
    ingested: input.ingested,
    stages,
    sinks: input.sinks,
    previewRows: input.previewRows,
    deadLettered: total((s) => s.dlq),
    lateDropped: total((s) => s.late),
    deadLetters: input.deadLetters.slice(0, 20),
    notEmulated: input.notEmulated,
    ...(input.chaos ? { chaos: input.chaos } : {}),
    cost: {
      dynamoWriteUnits: Math.round(total((s) => s.wcu)),
      kinesisPutUnits: total((s) => s.putUnits),
      invocations: total((s) => s.invocations),
      ...(input.usage ? { metered: input.usage } : {}),
    },
  };
}

export function formatSummary(s: RunSummary): string {
  const lines = [
    '',
    `${s.interrupted ? 'stopped' : 'done'}: pipeline ${s.pipeline} in ${(s.elapsedMs / 1000).toFixed(1)} s at parallelism ${s.parallelism}`,
    `  events ingested: ${fmt(s.ingested)} (pipeline ran ${(s.runningMs / 1000).toFixed(1)} s, ${fmt(Math.round(s.ingested / Math.max(s.runningMs / 1000, 0.001)))} events/s)`,
    ...s.stages.map(
      (st) =>
        `  ${st.stageId} ${st.label}: in ${fmt(st.in)}, out ${fmt(st.out)}` +
        (st.late ? `, late rows dropped ${fmt(st.late)}` : '') +
        `, dead-lettered ${fmt(st.dlq)}`,
    ),
    ...s.sinks.map((k) => `  sink ${k.table}: ${fmt(k.rows)} rows → ${k.path}`),
    ...(s.previewRows ? [`  preview: ${fmt(s.previewRows)} rows printed`] : []),
    `  late rows dropped: ${fmt(s.lateDropped)}${s.lateDropped ? ' (event time behind the watermark: raise the WATERMARK delay to keep them)' : ''}`,
    `  dead-lettered records: ${fmt(s.deadLettered)}`,
    ...s.deadLetters
      .slice(0, 5)
      .map((d) => `    - ${d.stage}${d.position ? ` ${d.position}` : ''}: ${d.reason}`),
    `  cost units: ${fmt(s.cost.dynamoWriteUnits)} DynamoDB write units, ${fmt(s.cost.kinesisPutUnits)} Kinesis PUT units, ${fmt(s.cost.invocations)} Lambda invocations`,
    ...(s.chaos ? formatChaosReport(s.chaos) : []),
    '',
  ];
  return lines.join('\n');
}
