import type { PipelineDetail } from '../../../api/types.ts';
import { layoutDag } from '../dag-layout.ts';
import { fmtMs, fmtRate, pressureClass, svg } from '../dom.ts';

const W = 250;
const H = 86;
const GAP_X = 320;
const GAP_Y = 120;

function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (`${cur} ${word}`.trim().length > max && cur) {
      lines.push(cur);
      cur = word;
    } else cur = `${cur} ${word}`.trim();
  }
  if (cur) lines.push(cur);
  return lines.slice(0, 3);
}

/**
 * The stage graph, laid out automatically (layers by longest path). Each stage is coloured by its
 * backpressure: the ESM iterator age of recent batches or the committed lag, whichever is larger.
 */
export function renderDag(
  detail: PipelineDetail,
  rates: Record<string, { in: number; out: number }>,
): SVGElement {
  const placed = layoutDag(detail.stages, GAP_X, GAP_Y);
  const maxX = Math.max(0, ...placed.map((p) => p.x)) + W + 20;
  const maxY = Math.max(0, ...placed.map((p) => p.y)) + H + 20;
  const root = svg('svg', { class: 'dag', viewBox: `-10 -10 ${maxX} ${maxY}`, width: maxX, height: maxY });
  const at = new Map(placed.map((p) => [p.id, p]));
  root.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 8,
          markerHeight: 8,
          orient: 'auto',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }),
      ),
    ),
  );
  for (const stage of detail.stages) {
    const to = at.get(stage.id);
    for (const up of stage.upstream) {
      const from = at.get(up);
      if (!from || !to) continue;
      const x1 = from.x + W;
      const y1 = from.y + H / 2;
      const x2 = to.x;
      const y2 = to.y + H / 2;
      const mx = (x1 + x2) / 2;
      root.append(
        svg('path', {
          class: 'edge',
          d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  for (const stage of detail.stages) {
    const p = at.get(stage.id);
    if (!p) continue;
    const st = detail.status?.stages.find((s) => s.id === stage.id);
    const bp = detail.live[stage.id]?.backpressureMs ?? st?.lagMs ?? 0;
    const r = rates[stage.id] ?? { in: 0, out: 0 };
    const g = svg('g', {
      class: `node ${pressureClass(bp)}`,
      transform: `translate(${p.x},${p.y})`,
      'data-stage': stage.id,
    });
    g.append(svg('rect', { width: W, height: H, rx: 8 }));
    g.append(
      svg(
        'text',
        { x: 10, y: 18, class: 'node-id' },
        `${stage.id} · ${st?.openShards ?? '?'} shard(s) · backpressure ${fmtMs(bp)}`,
      ),
    );
    for (const [i, line] of wrap(stage.label, 38).entries()) {
      g.append(svg('text', { x: 10, y: 38 + i * 14, class: 'node-label' }, line));
    }
    g.append(
      svg('text', { x: 10, y: H - 8, class: 'node-rate' }, `in ${fmtRate(r.in)}/s · out ${fmtRate(r.out)}/s`),
    );
    g.append(svg('title', {}, `${stage.label}\ninput stream: ${stage.inputStream}`));
    root.append(g);
  }
  return root;
}
