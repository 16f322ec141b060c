import { describe, expect, it } from 'vitest';
import { decideTick, effectiveWatermark } from '../../../functions/runtime/clock.ts';
import { emptyCheckpointDoc } from '../../../functions/state/checkpoint.ts';
import { WM_MAX, WM_MIN } from '../../../functions/wire/watermark.ts';

const doc = (patch: Partial<ReturnType<typeof emptyCheckpointDoc>> = {}) => ({
  ...emptyCheckpointDoc(),
  ...patch,
});

describe('decideTick (I6)', () => {
  const base = { pending: false, nowMs: 10_000, idleMs: 5_000, others: [700] };

  it('never ticks without idle_micros, on closed or ended shards, or with records pending', () => {
    expect(decideTick({ ...base, doc: doc(), idleMs: null }).kind).toBe('skip');
    expect(decideTick({ ...base, doc: doc({ closed: true }) }).kind).toBe('skip');
    expect(decideTick({ ...base, doc: doc({ eos: true }) }).kind).toBe('skip');
    expect(decideTick({ ...base, doc: doc(), pending: true }).kind).toBe('skip');
  });

  it('first commits when the shard went quiet, then advances after idle_micros to the most advanced shard', () => {
    expect(decideTick({ ...base, doc: doc() })).toEqual({ kind: 'mark-idle', since: 10_000 });
    expect(decideTick({ ...base, doc: doc({ idleSince: 6_000 }) }).kind).toBe('skip');
    expect(decideTick({ ...base, doc: doc({ idleSince: 5_000 }), others: [300, 700, WM_MAX] })).toEqual({
      kind: 'advance',
      watermark: 700,
    });
  });

  it('does not advance past what it already advanced to, nor below the shard’s own watermark', () => {
    expect(decideTick({ ...base, doc: doc({ idleSince: 0, idleWm: 700 }) }).kind).toBe('skip');
    expect(decideTick({ ...base, doc: doc({ idleSince: 0, wm: 900 }) }).kind).toBe('skip');
    expect(decideTick({ ...base, doc: doc({ idleSince: 0 }), others: [] }).kind).toBe('skip');
    expect(effectiveWatermark({ wm: WM_MIN, idleWm: 5 })).toBe(5);
  });
});
