import { sqlError } from '../errors/sql-error.ts';
import { INTERVAL_UNITS_HINT, parseInterval } from '../parse/interval.ts';
import type { EventTime } from '../spec/pipeline-spec.ts';
import type { Options } from './table-def.ts';

/** The event-time guard's default bound: one hour ahead of a record's arrival (Kafka's default too). */
export const DEFAULT_MAX_FUTURE_MS = 3_600_000;

const HINT = `write e.g. max_future = '1 hour' or max_future = '30 days' (${INTERVAL_UNITS_HINT.replace('write ', '')})`;

/**
 * `max_future = '<interval>'`: how far a row's event time may lie ahead of the time its record
 * reached the stream before the row is dead-lettered instead of moving the watermark
 * (functions/runtime/event-time-guard.ts). Default one hour; null for a source without event time.
 */
export function maxFutureMs(opts: Options, eventTime: EventTime | null): number | null {
  const o = opts.get('max_future');
  if (o === undefined) return eventTime === null ? null : DEFAULT_MAX_FUTURE_MS;
  const text = opts.string('max_future');
  if (eventTime === null)
    throw sqlError(
      'SQL_INVALID_OPTION',
      o.pos,
      'max_future bounds event times, but this source has no event time',
      "add WATERMARK FOR <ts col> AS <ts col> - INTERVAL '5' SECOND, or drop max_future",
    );
  const parsed = parseInterval(text, null);
  if ('error' in parsed)
    throw sqlError('SQL_INVALID_OPTION', o.pos, `invalid max_future: ${parsed.error}`, HINT);
  return parsed.ms;
}
