import type { AstStatement } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import { IMPULSE_SCHEMA, type NexmarkOptions } from '../spec/nexmark-spec.ts';
import {
  checkGeneratorOptions,
  DEFAULT_BASE_TIME,
  generatorEventRate,
  generatorPace,
  generatorSource,
  number,
  UNBOUNDED_EVENTS,
} from './nexmark-table.ts';
import type { Options, TableDef } from './table-def.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

const USAGE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10', message_count = '100')";

/**
 * `connector = 'impulse'` (Arroyo's periodic demo source): columns `counter` and `subtask_index`
 * (BIGINT UNSIGNED NOT NULL), `event_rate` events per second of event time (or one every
 * `event_time_interval` nanoseconds), `message_count` events in all, or unbounded and paced at
 * event_rate when it is absent. It runs on the nexmark source's generator machinery (ingest, pacing,
 * the cloud ingest function), with `generator = 'impulse'`.
 */
export function impulseTable(t: CreateTable, opts: Options): TableDef {
  checkGeneratorOptions(opts, ['message_count', 'event_time_interval'], 'an impulse source');
  const names = t.columns.map((c) => c.name);
  const first = t.columns[0];
  if (first !== undefined && names.join(',') !== IMPULSE_SCHEMA.map((f) => f.name).join(','))
    throw sqlError(
      'SQL_INVALID',
      first.pos,
      'invalid schema for impulse source: its columns are counter, subtask_index',
      `remove the column list: ${USAGE}`,
    );
  if (t.watermark)
    throw sqlError(
      'SQL_INVALID',
      t.watermark.pos,
      'the impulse source sets its own event time',
      'remove WATERMARK FOR',
    );
  const eventRate = generatorEventRate(opts);
  const events =
    opts.get('message_count') === undefined
      ? UNBOUNDED_EVENTS
      : number(
          opts,
          'message_count',
          undefined,
          (n) => Number.isSafeInteger(n) && n >= 0,
          'a whole number of events',
        );
  const intervalNs =
    opts.get('event_time_interval') === undefined
      ? undefined
      : number(
          opts,
          'event_time_interval',
          undefined,
          (n) => Number.isSafeInteger(n) && n > 0,
          'a positive number of nanoseconds',
        );
  const pace = generatorPace(t, opts, 'message_count');
  const impulse: NexmarkOptions = {
    seed: 0,
    eventRate,
    events,
    outOfOrderGroupSize: 1,
    probDelayedEvent: 0,
    occasionalDelayMs: 0,
    baseTimeMs: DEFAULT_BASE_TIME,
    generator: 'impulse',
    ...(intervalNs === undefined ? {} : { impulseIntervalMs: intervalNs / 1e6 }),
    ...(pace === 'event_rate' ? { pace: 'event_rate' as const } : {}),
  };
  // In order: the watermark is the latest event time, with no delay.
  return generatorSource(t, opts, IMPULSE_SCHEMA, 0, impulse);
}
