import type { Allowance, RescalePlan } from '../../../../ops/index.ts';
import type { RescaleJob } from '../../../api/types.ts';
import { ApiError, get, send } from '../api.ts';
import { fill, h } from '../dom.ts';

/**
 * Rescale one stage: pick a shard count, see the plan (0.5×–2× per call, 10 calls per 24 h),
 * start it, and follow its progress until the new shards are ACTIVE and consumed.
 */
export function rescaleControl(pipeline: string, stageId: string, current: number): HTMLElement {
  const input = h('input', {
    type: 'number',
    min: 1,
    max: 10000,
    value: current,
    'data-rescale-input': stageId,
    class: 'small',
  });
  const planEl = h('div', { class: 'muted plan' });
  const log = h('ol', { class: 'progress', 'data-rescale-progress': stageId });
  const button = h('button', { 'data-rescale': stageId }, 'Rescale');
  const base = `/api/pipelines/${encodeURIComponent(pipeline)}/stages/${stageId}/rescale`;
  const target = () => Number(input.value);

  const showPlan = async () => {
    try {
      const r = await send<{ plan: RescalePlan; allowance: Allowance }>('POST', base, {
        target: target(),
        dryRun: true,
      });
      planEl.textContent =
        r.plan.steps.length === 0
          ? 'already at this shard count'
          : `plan: ${r.plan.summary} (${r.plan.steps.length} call(s); ${r.allowance.remaining} of 10 left in 24 h)`;
    } catch (err) {
      planEl.textContent = (err as Error).message;
    }
  };
  input.addEventListener('change', () => void showPlan());

  button.addEventListener('click', async () => {
    button.disabled = true;
    fill(log);
    try {
      let job = await send<RescaleJob>('POST', base, { target: target() });
      while (!job.finished) {
        render(job);
        await new Promise((r) => setTimeout(r, 300));
        job = await get<RescaleJob>(`/api/rescales/${job.id}`);
      }
      render(job);
    } catch (err) {
      fill(
        log,
        h('li', { class: 'error' }, err instanceof ApiError ? `${err.code}: ${err.message}` : String(err)),
      );
    } finally {
      button.disabled = false;
    }
  });

  const render = (job: RescaleJob) => {
    const seen = new Set<string>();
    const items = job.progress.filter((p) => {
      if (seen.has(p.message)) return false;
      seen.add(p.message);
      return true;
    });
    fill(
      log,
      ...items.map((p) => h('li', { class: p.phase }, `[${p.phase}] ${p.message}`)),
      job.error ? h('li', { class: 'error' }, `${job.error.code}: ${job.error.message}`) : null,
    );
  };

  return h('div', { class: 'rescale' }, h('label', {}, 'shards ', input), ' ', button, planEl, log);
}
