import { describe, expect, it } from 'vitest';
import { dueAtMs, dueCount, PACE_TICK_MS, waitBeforeMs } from '../../../functions/connectors/nexmark/pace.ts';

describe('nexmark pacing at event_rate', () => {
  it('event n is due n / rate seconds after the start; counts what is due, capped by the total', () => {
    expect(dueAtMs(1_000, 250, 0)).toBe(1_000);
    expect(dueAtMs(1_000, 250, 250)).toBe(2_000);
    expect(dueCount(1_000, 250, 999, 5_000)).toBe(0); // before the start
    expect(dueCount(1_000, 250, 1_000, 5_000)).toBe(1); // event 0 at once
    expect(dueCount(1_000, 250, 1_003, 5_000)).toBe(1);
    expect(dueCount(1_000, 250, 1_004, 5_000)).toBe(2);
    expect(dueCount(1_000, 250, 2_000, 5_000)).toBe(251);
    expect(dueCount(1_000, 250, 99_000, 5_000)).toBe(5_000);
    // a fractional rate: one event every 2 s
    expect(dueCount(0, 0.5, 3_999, 10)).toBe(2);
    expect(dueCount(0, 0.5, 4_000, 10)).toBe(3);
  });

  it('waits until the next event is due, and at least a tick', () => {
    expect(waitBeforeMs(0, 1, 5, 1_000)).toBe(4_000);
    expect(waitBeforeMs(0, 1_000, 5, 4)).toBe(PACE_TICK_MS);
    expect(waitBeforeMs(0, 1_000, 5, 10)).toBe(PACE_TICK_MS); // overdue: still a tick, never a spin
  });
});
