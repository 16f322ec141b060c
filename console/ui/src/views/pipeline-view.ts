import type { PipelineDetail } from '../../../api/types.ts';
import type { StagePoint } from '../../../metrics/sampler.ts';
import { get } from '../api.ts';
import { fill, fmtBytes, fmtInt, fmtMs, fmtWatermark, h } from '../dom.ts';
import { renderDag } from './dag-view.ts';
import { deadLettersView } from './dead-letters-view.ts';
import { rescaleControl } from './rescale-control.ts';
import { shardTable } from './shard-table.ts';
import { StageCharts } from './stage-charts.ts';

interface StagePanel {
  readonly label: HTMLElement;
  readonly numbers: HTMLElement;
  readonly charts: StageCharts;
  readonly shards: HTMLElement;
}

/** One pipeline: its graph, per-stage numbers, charts, shard checkpoints, rescale, dead letters. */
export function mountPipeline(root: HTMLElement, name: string): () => void {
  const header = h('div', { class: 'pipeline-head' });
  const dag = h('div', { class: 'dag-box', id: 'dag' });
  const stagesEl = h('div', { class: 'stages' });
  const dlq = deadLettersView(name);
  fill(root, h('h1', {}, name), header, dag, stagesEl, dlq.el);
  const panels = new Map<string, StagePanel>();
  let ticks = 0;

  const refresh = async () => {
    const [detail, metrics] = await Promise.all([
      get<PipelineDetail>(`/api/pipelines/${encodeURIComponent(name)}`),
      get<Record<string, StagePoint[]>>(`/api/pipelines/${encodeURIComponent(name)}/metrics`),
    ]);
    const status = detail.status;
    fill(
      header,
      h(
        'span',
        { class: `state ${status?.state ?? 'starting'}`, id: 'pipeline-state' },
        status?.state ?? 'starting',
      ),
      detail.error ? h('span', { class: 'error' }, ` ${detail.error}`) : null,
      detail.emulatorStats
        ? null
        : h(
            'span',
            { class: 'muted', id: 'metrics-note' },
            ` (${detail.metricsNote ?? 'no emulator stats: ESM and invocation metrics hidden'})`,
          ),
    );
    const rates: Record<string, { in: number; out: number }> = {};
    for (const [id, pts] of Object.entries(metrics)) {
      const last = pts.at(-1);
      rates[id] = { in: last?.inPerSec ?? 0, out: last?.outPerSec ?? 0 };
    }
    fill(dag, renderDag(detail, rates));
    for (const stage of detail.stages) {
      let panel = panels.get(stage.id);
      const st = status?.stages.find((s) => s.id === stage.id);
      if (!panel) {
        const numbers = h('div', { class: 'numbers' });
        const charts = new StageCharts(stage.id, detail.emulatorStats);
        const shards = h('div');
        const label = h('span', { class: 'muted' });
        panel = { label, numbers, charts, shards };
        panels.set(stage.id, panel);
        stagesEl.append(
          h(
            'section',
            { class: 'stage', 'data-stage-panel': stage.id },
            h('h2', {}, `${stage.id} `, label),
            h(
              'div',
              { class: 'muted' },
              `input stream ${stage.inputStream}${stage.userStream ? ' (your stream)' : ''}`,
            ),
            numbers,
            rescaleControl(name, stage.id, st?.openShards ?? 1),
            charts.el,
            h('h3', {}, 'shard checkpoints'),
            shards,
          ),
        );
      }
      panel.label.textContent = stage.label;
      const live = detail.live[stage.id];
      if (st) {
        const last = metrics[stage.id]?.at(-1);
        fill(
          panel.numbers,
          ...[
            ['in', fmtInt(st.in), 'in'],
            ['out', fmtInt(st.out), 'out'],
            ['events in/s', (last?.inPerSec ?? 0).toFixed(1), 'in-rate'],
            ['bytes out', fmtBytes(st.bytesOut), 'bytes'],
            ['dead letters', fmtInt(st.dlq), 'dlq'],
            ['late rows dropped', fmtInt(st.late), 'late'],
            ['open shards', String(st.openShards), 'shards'],
            [
              'concurrency',
              live?.concurrency === null || live === undefined ? '–' : String(live.concurrency),
              'concurrency',
            ],
            ['watermark', fmtWatermark(st.watermark), 'watermark'],
            ['backpressure', fmtMs(live?.backpressureMs ?? st.lagMs), 'backpressure'],
          ].map(([k, v, key]) =>
            h(
              'div',
              { class: 'metric', 'data-metric': `${stage.id}-${key}` },
              h('div', { class: 'k' }, k ?? ''),
              h('div', { class: 'v' }, v ?? ''),
            ),
          ),
        );
        fill(panel.shards, shardTable(st, live, status?.at ?? Date.now()));
      }
      panel.charts.update(metrics[stage.id] ?? []);
    }
    if (ticks++ % 5 === 0) await dlq.refresh();
  };
  let stopped = false;
  const loop = async () => {
    try {
      await refresh();
    } catch (err) {
      fill(header, h('span', { class: 'error' }, (err as Error).message));
    }
    if (!stopped) timer = setTimeout(loop, 1000);
  };
  let timer = setTimeout(loop, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
