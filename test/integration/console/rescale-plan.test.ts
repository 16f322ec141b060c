import { describe, expect, it } from 'vitest';
import { layoutDag } from '../../../console/ui/src/dag-layout.ts';
import { RescaleError } from '../../../ops/rescale/errors.ts';
import { allowance, CALLS_PER_DAY, checkAllowance, DAY_MS, planRescale } from '../../../ops/rescale/plan.ts';

describe('rescale plan (UpdateShardCount: 0.5×–2× per call)', () => {
  it.each([
    [1, 8, [2, 4, 8], '1 → 2 → 4 → 8'],
    [2, 3, [3], '2 → 3'],
    [3, 10, [6, 10], '3 → 6 → 10'],
    [8, 1, [4, 2, 1], '8 → 4 → 2 → 1'],
    [5, 2, [3, 2], '5 → 3 → 2'],
    [4, 4, [], '4'],
    [
      1,
      1000,
      [2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
      '1 → 2 → 4 → 8 → 16 → 32 → 64 → 128 → 256 → 512 → 1000',
    ],
  ])('%i → %i takes %j', (from, to, steps, summary) => {
    const plan = planRescale(from, to);
    expect(plan.steps).toEqual(steps);
    expect(plan.summary).toBe(summary);
    let cur = from;
    for (const next of plan.steps) {
      expect(next).toBeLessThanOrEqual(cur * 2);
      expect(next * 2).toBeGreaterThanOrEqual(cur);
      cur = next;
    }
  });

  it('rejects shard counts outside 1..10000', () => {
    expect(() => planRescale(2, 0)).toThrow(RescaleError);
    expect(() => planRescale(2, 1.5)).toThrow(/integer/);
    expect(() => planRescale(2, 10_001)).toThrow(/10000/);
  });
});

describe('10 UpdateShardCount calls per rolling 24 hours', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const call = (hoursAgo: number) => ({ stream: 's', at: now - hoursAgo * 3_600_000, from: 1, to: 2 });

  it('counts only the calls of the last 24 hours', () => {
    const a = allowance([call(1), call(5), call(23.9), call(24.1), call(48)], now);
    expect(a.used).toBe(3);
    expect(a.remaining).toBe(CALLS_PER_DAY - 3);
    expect(a.nextSlotAt).toBe(now - 23.9 * 3_600_000 + DAY_MS);
  });

  it('allows a multi-step plan that fits and refuses one that does not, saying when a slot frees', () => {
    const eight = Array.from({ length: 8 }, (_, i) => call(i + 1));
    expect(checkAllowance(planRescale(1, 4), eight, now).remaining).toBe(2);
    try {
      checkAllowance(planRescale(1, 8), eight, now);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RescaleError);
      expect((err as RescaleError).code).toBe('RESCALE_LIMIT');
      expect((err as Error).message).toContain('needs 3 UpdateShardCount call(s), but only 2 of 10 are left');
      expect((err as Error).message).toContain(new Date(now - 8 * 3_600_000 + DAY_MS).toISOString());
    }
  });

  it('a no-op plan needs no call even when the allowance is used up', () => {
    const ten = Array.from({ length: 10 }, (_, i) => call(i + 1));
    expect(checkAllowance(planRescale(3, 3), ten, now).remaining).toBe(0);
    expect(() => checkAllowance(planRescale(3, 4), ten, now)).toThrow(/only 0 of 10/);
  });
});

describe('stage graph layout', () => {
  it('places each stage one layer after its furthest upstream stage', () => {
    const placed = layoutDag(
      [
        { id: 's1', upstream: [] },
        { id: 's2', upstream: [] },
        { id: 's3', upstream: ['s1', 's2'] },
        { id: 's4', upstream: ['s3', 's1'] },
      ],
      100,
      50,
    );
    const layer = Object.fromEntries(placed.map((p) => [p.id, p.layer]));
    expect(layer).toEqual({ s1: 0, s2: 0, s3: 1, s4: 2 });
    expect(new Set(placed.map((p) => `${p.x},${p.y}`)).size).toBe(4);
  });
});
