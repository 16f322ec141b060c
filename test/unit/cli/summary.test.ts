import { describe, expect, it } from 'vitest';
import { buildSummary, formatSummary } from '../../../cli/summary.ts';
import type { StageProgress } from '../../../ops/status/monitor.ts';
import { tumblePipeline } from '../functions/fixtures.ts';

const stage = (stageId: string, late: number, dlq: number): StageProgress => ({
  stageId,
  label: `stage ${stageId}`,
  shards: 1,
  shardsDone: 1,
  in: 100,
  out: 90,
  dlq,
  late,
  dup: 0,
  invocations: 3,
  wcu: 10,
  putUnits: 4,
  bytesOut: 1000,
});

const summaryOf = (stages: StageProgress[]) =>
  buildSummary({
    spec: tumblePipeline({}),
    progress: { stages, done: true },
    ingested: 100,
    elapsedMs: 1000,
    runningMs: 800,
    sinks: [],
    previewRows: 0,
    deadLetters: [],
    parallelism: 1,
    interrupted: false,
    notEmulated: [],
  });

describe('run summary: late rows', () => {
  it('totals late rows over the stages (--json) and prints them per stage and in total', () => {
    const s = summaryOf([stage('s1', 7, 1), stage('s2', 3, 0)]);
    expect(s.lateDropped).toBe(10);
    expect(JSON.parse(JSON.stringify(s)).lateDropped).toBe(10);
    const text = formatSummary(s);
    expect(text).toContain('s1 stage s1: in 100, out 90, late rows dropped 7, dead-lettered 1');
    expect(text).toContain('s2 stage s2: in 100, out 90, late rows dropped 3, dead-lettered 0');
    expect(text).toContain('  late rows dropped: 10 (event time behind the watermark');
  });

  it('says 0 when nothing was late', () => {
    const text = formatSummary(summaryOf([stage('s1', 0, 0)]));
    expect(text).toContain('  late rows dropped: 0\n');
    expect(text).not.toContain('late rows dropped 0');
  });
});
