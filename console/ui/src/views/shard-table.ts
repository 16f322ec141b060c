import type { StageStatus } from '../../../../ops/index.ts';
import type { StageLive } from '../../../metrics/sampler.ts';
import { fmtInt, fmtMs, fmtWatermark, h } from '../dom.ts';

/** Per-shard checkpoints of a stage: epoch, last commit, watermark, lag, and what the ESM sees. */
export function shardTable(stage: StageStatus, live: StageLive | undefined, now: number): HTMLElement {
  const esm = live?.esm ?? {};
  return h(
    'table',
    { class: 'grid shards', 'data-shards': stage.id },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          'shard',
          'open',
          'epoch',
          'last commit (seq)',
          'commit seen',
          'watermark',
          'in',
          'out',
          'lag',
          'ESM state',
          'iterator age',
        ].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      ...stage.shards.map((s) => {
        const e = esm[s.shardId];
        const seen = live?.lastCommitSeen[s.shardId];
        return h(
          'tr',
          { class: s.open ? '' : 'closed' },
          h(
            'td',
            {},
            s.shardId,
            s.parentShardId
              ? h('span', { class: 'muted' }, ` ← ${s.parentShardId.replace('shardId-', '')}`)
              : null,
          ),
          h('td', {}, s.open ? 'open' : 'closed'),
          h('td', { class: 'num' }, s.epoch),
          h('td', { class: 'seq', title: s.seq }, s.seq === '0' ? '–' : `…${s.seq.slice(-10)}`),
          h('td', {}, seen === undefined ? '–' : `${fmtMs(now - seen)} ago`),
          h('td', {}, fmtWatermark(s.watermark)),
          h('td', { class: 'num' }, fmtInt(s.in)),
          h('td', { class: 'num' }, fmtInt(s.out)),
          h('td', { class: 'num' }, fmtMs(s.lagMs)),
          h('td', {}, e?.state ?? '–'),
          h('td', { class: 'num' }, e ? fmtMs(e.iteratorAgeMs) : '–'),
        );
      }),
    ),
  );
}
