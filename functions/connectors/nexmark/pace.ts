/**
 * Pacing of a nexmark source with `pace = 'event_rate'`: event n (0-based) is due n / event_rate
 * seconds of wall-clock time after ingest starts, as Arroyo's generator emits it. Senders wake at
 * most every PACE_TICK_MS and then send every event due, so a paced source sends a batch about
 * five times a second rather than a record per event.
 */
export const PACE_TICK_MS = 200;

/** When event `n` is due (ms since epoch), for ingest started at `startMs`. */
export function dueAtMs(startMs: number, eventRate: number, n: number): number {
  return startMs + (n * 1000) / eventRate;
}

/** How many events (the first ones, of `total`) are due at `nowMs`. */
export function dueCount(startMs: number, eventRate: number, nowMs: number, total: number): number {
  if (nowMs < startMs) return 0;
  return Math.min(total, Math.floor(((nowMs - startMs) * eventRate) / 1000) + 1);
}

/** How long a sender waits before event `n`: until it is due, and at least one tick. */
export function waitBeforeMs(startMs: number, eventRate: number, n: number, nowMs: number): number {
  return Math.max(dueAtMs(startMs, eventRate, n) - nowMs, PACE_TICK_MS);
}
