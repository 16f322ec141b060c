import type { DeadLetter } from '../../../../functions/state/dead-letters.ts';
import { get } from '../api.ts';
import { fill, h } from '../dom.ts';

/** The dead letters of a pipeline. Replay is shown as not yet available: the runtime lacks it. */
export function deadLettersView(pipeline: string): { el: HTMLElement; refresh: () => Promise<void> } {
  const body = h('tbody');
  const count = h('span', { class: 'muted' });
  const el = h(
    'section',
    { class: 'dlq' },
    h('h2', {}, 'Errors and dead letters ', count),
    h(
      'p',
      { class: 'muted' },
      h('button', { disabled: true, title: 'needs runtime support that sluice does not have yet' }, 'Replay'),
      ' Replay is not available yet: it needs runtime support to re-inject a record at its original position.',
    ),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h('tr', {}, ...['stage', 'shard', 'position', 'reason', 'raw', 'at'].map((t) => h('th', {}, t))),
      ),
      body,
    ),
  );
  const refresh = async () => {
    const list = await get<DeadLetter[]>(`/api/pipelines/${encodeURIComponent(pipeline)}/dead-letters`);
    count.textContent = `(${list.length})`;
    fill(
      body,
      ...list
        .slice(0, 200)
        .map((d) =>
          h(
            'tr',
            {},
            h('td', {}, d.stage),
            h('td', {}, d.shardId),
            h('td', {}, d.position),
            h('td', {}, d.reason),
            h('td', { class: 'raw' }, d.raw.length > 120 ? `${d.raw.slice(0, 120)}…` : d.raw),
            h('td', {}, d.at),
          ),
        ),
    );
  };
  return { el, refresh };
}
