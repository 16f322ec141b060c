import type { DeadLetter } from '../../../../functions/index.ts';
import { get, send } from '../api.ts';
import { fill, h } from '../dom.ts';

/** The dead letters of a pipeline, with Replay (as `sluice dlq replay`: once fixed, back into their stage). */
export function deadLettersView(pipeline: string): { el: HTMLElement; refresh: () => Promise<void> } {
  const body = h('tbody');
  const count = h('span', { class: 'muted' });
  const note = h('span', {}, 'sends each dead letter back into its stage; exactly once for file sources.');
  const replay = h('button', { 'data-replay': pipeline }, 'Replay');
  replay.addEventListener('click', async () => {
    replay.setAttribute('disabled', '');
    try {
      const r = await send<{ replayed: number; skipped: { position: string; reason: string }[] }>(
        'POST',
        `/api/pipelines/${encodeURIComponent(pipeline)}/dead-letters/replay`,
        {},
      );
      note.textContent = `replayed ${r.replayed}; skipped ${r.skipped.length}${r.skipped[0] ? ` (${r.skipped[0].reason})` : ''}`;
      await refresh();
    } catch (err) {
      note.textContent = `replay failed: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      replay.removeAttribute('disabled');
    }
  });
  const el = h(
    'section',
    { class: 'dlq' },
    h('h2', {}, 'Errors and dead letters ', count),
    h('p', { class: 'muted' }, replay, ' ', note),
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
