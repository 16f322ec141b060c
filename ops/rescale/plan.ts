import { RescaleError } from './errors.ts';

/** AWS: at most this many UpdateShardCount calls per stream in a rolling 24 hours. */
export const CALLS_PER_DAY = 10;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** AWS's per-stream maximum for UpdateShardCount (the account quota may be lower). */
export const MAX_SHARDS = 10_000;

export interface RescalePlan {
  readonly from: number;
  readonly to: number;
  /** Shard count after each UpdateShardCount call, in order; empty when from === to. */
  readonly steps: readonly number[];
  /** e.g. `1 → 2 → 4 → 8`. */
  readonly summary: string;
}

/**
 * The fewest UpdateShardCount calls from `from` to `to` when each call must go to between half
 * and double the current count (AWS: 0.5×–2×): double (or halve, rounding up) until one more call
 * reaches the target. 1→8 = 1→2→4→8; 8→1 = 8→4→2→1; 3→10 = 3→6→10; 2→3 = 2→3.
 */
export function planRescale(from: number, to: number): RescalePlan {
  for (const [what, n] of [
    ['current shard count', from],
    ['target shard count', to],
  ] as const) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) {
      throw new RescaleError(
        'RESCALE_INVALID_TARGET',
        `${what} must be an integer from 1 to ${MAX_SHARDS}, got ${n}`,
      );
    }
  }
  const steps: number[] = [];
  let cur = from;
  while (cur !== to) {
    cur = to > cur ? Math.min(to, cur * 2) : Math.max(to, Math.ceil(cur / 2));
    steps.push(cur);
  }
  return { from, to, steps, summary: [from, ...steps].join(' → ') };
}

/** One UpdateShardCount call made on a stream (from the state table's RESCALE items). */
export interface RescaleCall {
  readonly stream: string;
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

export interface Allowance {
  /** Calls made in the last 24 hours. */
  readonly used: number;
  /** Calls still allowed now. */
  readonly remaining: number;
  /** When the oldest call in the window expires and frees a slot (ms), if any is used. */
  readonly nextSlotAt: number | null;
}

/** How many UpdateShardCount calls are left on a stream in the rolling 24-hour window at `now`. */
export function allowance(calls: readonly RescaleCall[], now: number): Allowance {
  const recent = calls
    .map((c) => c.at)
    .filter((at) => at > now - DAY_MS && at <= now)
    .sort((a, b) => a - b);
  const first = recent[0];
  return {
    used: recent.length,
    remaining: Math.max(0, CALLS_PER_DAY - recent.length),
    nextSlotAt: first === undefined ? null : first + DAY_MS,
  };
}

/** Throws RESCALE_LIMIT when the plan needs more calls than the rolling 24-hour window allows. */
export function checkAllowance(plan: RescalePlan, calls: readonly RescaleCall[], now: number): Allowance {
  const a = allowance(calls, now);
  if (plan.steps.length > a.remaining) {
    const when =
      a.nextSlotAt === null ? '' : ` The next slot frees at ${new Date(a.nextSlotAt).toISOString()}.`;
    throw new RescaleError(
      'RESCALE_LIMIT',
      `rescale ${plan.summary} needs ${plan.steps.length} UpdateShardCount call(s), but only ${a.remaining} of ` +
        `${CALLS_PER_DAY} are left on this stream in the rolling 24 hours (${a.used} used).${when}`,
    );
  }
  return a;
}
