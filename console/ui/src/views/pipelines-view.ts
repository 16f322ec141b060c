import type { PipelineListItem } from '../../../api/types.ts';
import { get } from '../api.ts';
import { fill, fmtMs, fmtRate, h, pressureClass } from '../dom.ts';

/** The pipelines list: state, stages, events/s, lag; refreshed every second. */
export function mountPipelines(root: HTMLElement): () => void {
  const body = h('tbody');
  const note = h('p', { class: 'muted' }, 'loading…');
  fill(
    root,
    h('h1', {}, 'Pipelines'),
    h(
      'table',
      { class: 'grid', id: 'pipelines' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'name'),
          h('th', {}, 'state'),
          h('th', {}, 'stages'),
          h('th', {}, 'events/s'),
          h('th', {}, 'lag'),
        ),
      ),
      body,
    ),
    note,
  );
  const refresh = async () => {
    try {
      const list = await get<PipelineListItem[]>('/api/pipelines');
      fill(
        body,
        ...list.map((p) =>
          h(
            'tr',
            { 'data-pipeline': p.name },
            h('td', {}, h('a', { href: `#/p/${encodeURIComponent(p.name)}` }, p.name)),
            h('td', {}, h('span', { class: `state ${p.state}` }, p.state)),
            h('td', {}, p.stages),
            h('td', { class: 'num' }, fmtRate(p.eventsPerSec)),
            h('td', { class: `num ${pressureClass(p.lagMs)}` }, fmtMs(p.lagMs)),
          ),
        ),
      );
      note.textContent = list.length === 0 ? 'No pipelines yet. Create one in the SQL editor.' : '';
    } catch (err) {
      note.textContent = `error: ${(err as Error).message}`;
    }
  };
  void refresh();
  const timer = setInterval(refresh, 1000);
  return () => clearInterval(timer);
}
