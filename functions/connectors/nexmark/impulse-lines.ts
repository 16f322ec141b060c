import { NEXMARK_TIME_FIELD, type NexmarkOptions } from '../../../compiler/spec/index.ts';

/**
 * Arroyo's impulse source as JSON lines (line k = event k − 1): event n is `counter` n from one
 * generator (`subtask_index` 0), at event time `baseTimeMs + n × impulseIntervalMs`. Arroyo stamps
 * an impulse event with the wall clock unless `event_time_interval` is set; sluice always derives
 * it from n, so a replay is exact (I6).
 */
export function* impulseLines(o: NexmarkOptions, from: number, to: number): Generator<string> {
  const step = o.impulseIntervalMs ?? 1000 / o.eventRate;
  for (let n = from; n < to; n++)
    yield JSON.stringify({
      counter: n,
      subtask_index: 0,
      [NEXMARK_TIME_FIELD]: Math.floor(o.baseTimeMs + n * step),
    });
}
