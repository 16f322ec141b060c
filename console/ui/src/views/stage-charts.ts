import uPlot from 'uplot';
import type { StagePoint } from '../../../metrics/sampler.ts';
import { h } from '../dom.ts';

interface ChartDef {
  readonly title: string;
  readonly series: readonly { label: string; stroke: string; value: (p: StagePoint) => number | null }[];
}

/** The charts of one stage; `emulator` adds the ones only the in-process emulator can measure. */
function chartDefs(emulator: boolean): ChartDef[] {
  const defs: ChartDef[] = [
    {
      title: 'events / s (committed)',
      series: [
        { label: 'in', stroke: '#2f6fdd', value: (p) => p.inPerSec },
        { label: 'out', stroke: '#1a9b5c', value: (p) => p.outPerSec },
      ],
    },
    {
      title: 'bytes out / s',
      series: [{ label: 'bytes', stroke: '#7a4fd0', value: (p) => p.bytesOutPerSec }],
    },
    {
      title: 'errors, dead letters and late rows',
      series: [
        { label: 'dead letters (total)', stroke: '#c0392b', value: (p) => p.dlq },
        { label: 'late rows dropped (total)', stroke: '#b7950b', value: (p) => p.late },
        ...(emulator
          ? [{ label: 'failed invocations', stroke: '#e67e22', value: (p: StagePoint) => p.errors }]
          : []),
      ],
    },
    {
      title: emulator ? 'shards and concurrency' : 'shards',
      series: [
        { label: 'open shards', stroke: '#34495e', value: (p) => p.openShards },
        ...(emulator
          ? [{ label: 'batches in flight', stroke: '#16a085', value: (p: StagePoint) => p.concurrency }]
          : []),
      ],
    },
    {
      title: 'backpressure (ms)',
      series: [{ label: 'backpressure', stroke: '#d35400', value: (p) => p.backpressureMs }],
    },
  ];
  if (emulator) {
    defs.splice(2, 0, {
      title: 'invocation duration, ms (emulator-measured)',
      series: [
        { label: 'p50', stroke: '#2980b9', value: (p) => p.p50Ms },
        { label: 'p99', stroke: '#8e44ad', value: (p) => p.p99Ms },
      ],
    });
  }
  return defs;
}

/** Axis labels that fit: 12k, 3.4M. */
const short = (v: number): string =>
  Math.abs(v) >= 1e6
    ? `${+(v / 1e6).toFixed(1)}M`
    : Math.abs(v) >= 1e3
      ? `${+(v / 1e3).toFixed(1)}k`
      : `${+v.toFixed(2)}`;

/** A stage's chart grid; `update` feeds it the stage's whole series. */
export class StageCharts {
  readonly el: HTMLElement;
  private readonly plots: { def: ChartDef; plot: uPlot }[] = [];

  constructor(stageId: string, emulator: boolean) {
    this.el = h('div', { class: 'charts', 'data-charts': stageId });
    for (const def of chartDefs(emulator)) {
      const box = h('div', { class: 'chart' }, h('div', { class: 'chart-title' }, def.title));
      this.el.append(box);
      const plot = new uPlot(
        {
          width: 330,
          height: 150,
          legend: { show: true },
          cursor: { show: true },
          scales: { x: { time: true } },
          axes: [{ space: 60 }, { size: 50, values: (_u: uPlot, vals: number[]) => vals.map(short) }],
          series: [
            {},
            ...def.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, spanGaps: true })),
          ],
        },
        [[], ...def.series.map(() => [])],
        box,
      );
      this.plots.push({ def, plot });
    }
  }

  update(points: readonly StagePoint[]): void {
    const xs = points.map((p) => p.t / 1000);
    for (const { def, plot } of this.plots) {
      plot.setData([xs, ...def.series.map((s) => points.map((p) => s.value(p)))] as uPlot.AlignedData);
    }
  }
}
