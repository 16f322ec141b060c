import type { SourceSpec } from '../../compiler/spec/index.ts';
import { WM_MAX, WM_MIN } from '../wire/watermark.ts';

/** What the event-time guard weighs one source row against. */
export interface EventTimeGuardInput {
  /** The row's event time, epoch ms, as the source parser read it (any finite number). */
  readonly t: number;
  /**
   * When the row's Kinesis record reached the stream (ApproximateArrivalTimestamp, ms). It is part
   * of the record, identical on every redelivery, so the verdict replays identically (I6).
   */
  readonly arrivalMs: number;
  /** The source: its `maxFutureMs` (null: no bound but the end of time) and table name. */
  readonly source: Pick<SourceSpec, 'maxFutureMs' | 'table'>;
  /** The watermark the row is judged against (for the reason only). */
  readonly watermark: number;
}

const UNITS: readonly (readonly [number, string])[] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/** `3600000` → `1 hour`, `90000` → `90 seconds`. */
function duration(ms: number): string {
  const [per, name] = UNITS.find(([p]) => ms % p === 0) ?? [1, 'millisecond'];
  const n = ms / per;
  return `${n} ${name}${n === 1 ? '' : 's'}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const watermarkText = (wm: number): string => (wm <= WM_MIN ? 'none yet' : iso(wm));

/**
 * The event-time guard. A row whose event time lies more than `max_future` ahead of its record's
 * arrival in the stream would drag the source watermark into the future, and every later row
 * would then be late and dropped (or, at the end of time, the source would count as ended). Such a
 * row is dead-lettered instead and does not move the watermark. The bound is taken from the
 * record's arrival, not from the watermark, so a genuine gap in the data (a quiet night, a backfill
 * that skips a day) is never mistaken for a bad clock, and the first row of a source is judged like
 * any other. Returns the dead-letter reason, or undefined for a row that may pass.
 */
export function futureEventTimeReason(input: EventTimeGuardInput): string | undefined {
  const { t, arrivalMs, watermark } = input;
  const { maxFutureMs, table } = input.source;
  // Only a refused row pays for the text (this runs once per source row).
  const wmText = () => `source watermark ${watermarkText(watermark)}`;
  if (!(t >= WM_MIN && t <= WM_MAX))
    return (
      `event time ${t} ms is not a representable instant (the range is ±8.64e15 ms, years -271821 to ` +
      `275760; ${wmText()}); fix the producer's timestamps (epoch milliseconds, or ISO 8601 text)`
    );
  const endOfTime = WM_MAX - 1;
  const limit = maxFutureMs === null ? endOfTime : Math.min(arrivalMs + maxFutureMs, endOfTime);
  if (t <= limit) return undefined;
  if (maxFutureMs === null || limit === endOfTime)
    return `event time ${iso(t)} is the end of time, which would end the source (${wmText()}); fix the producer's timestamps`;
  return (
    `event time ${iso(t)} is more than max_future (${duration(maxFutureMs)}) ahead of its record's ` +
    `arrival at ${iso(arrivalMs)} (${wmText()}); it would move the watermark into the future and make every ` +
    `later row late, so it was dead-lettered. Fix the producer's clock, or raise max_future on table ` +
    `${table} (e.g. max_future = '1 day')`
  );
}
