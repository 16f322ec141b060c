import type { AstStatement } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { INTERVAL_UNITS_HINT, parseInterval } from '../parse/interval.ts';
import {
  NEXMARK_SCHEMA,
  NEXMARK_TIME_FIELD,
  type NexmarkOptions,
  nexmarkMaxDelayMs,
} from '../spec/nexmark-spec.ts';
import type { Field } from '../spec/types.ts';
import type { Options, TableDef } from './table-def.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

/** The options of a nexmark source beyond every generator source's. */
const NEXMARK_OPTIONS = [
  'runtime',
  'seed',
  'out_of_order_group_size',
  'prob_delayed_event',
  'occasional_delay',
  'base_time',
];

/** Events of a nexmark source without `runtime`: unbounded in practice (paced, ~2.8 years at 100k/s). */
export const UNBOUNDED_EVENTS = Number.MAX_SAFE_INTEGER;

/** Event time of event 0 unless `base_time` says otherwise (fixed, so runs are reproducible). */
export const DEFAULT_BASE_TIME = Date.parse('2024-01-01T00:00:00.000Z');

export function number(
  opts: Options,
  key: string,
  fallback: number | undefined,
  ok: (n: number) => boolean,
  want: string,
): number {
  const o = opts.get(key);
  if (o === undefined && fallback !== undefined) return fallback;
  const raw = o === undefined ? opts.string(key) : o.value;
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!ok(n))
    throw sqlError(
      'SQL_INVALID_OPTION',
      o?.pos as Pos,
      `option ${key} must be ${want}, got '${String(raw)}'`,
      `write ${key} = '…' with ${want}`,
    );
  return n;
}

/**
 * `CREATE TABLE t WITH (connector = 'nexmark', event_rate = '…', runtime = '…')`: the Nexmark
 * generator as a bounded source of event_rate × runtime events with Arroyo's columns (person,
 * auction, bid). Event time is each event's `datetime`; the watermark's delay covers the generator's
 * disorder, so no event is late.
 */
export function nexmarkTable(t: CreateTable, opts: Options): TableDef {
  checkGeneratorOptions(opts, NEXMARK_OPTIONS, 'a nexmark source');
  const first = t.columns[0];
  if (first !== undefined)
    throw sqlError(
      'SQL_INVALID',
      first.pos,
      'the nexmark source has a fixed schema (person, auction, bid)',
      `remove the column list: CREATE TABLE ${t.name} WITH (connector = 'nexmark', event_rate = '100', runtime = '10')`,
    );
  if (t.watermark)
    throw sqlError(
      'SQL_INVALID',
      t.watermark.pos,
      'the nexmark source sets its own watermark',
      'remove WATERMARK FOR; event time is each event’s datetime',
    );
  const delay = opts.get('occasional_delay');
  let occasionalDelayMs = 3000;
  if (delay !== undefined) {
    const parsed = parseInterval(opts.string('occasional_delay'), null);
    if ('error' in parsed) throw sqlError('SQL_INVALID_OPTION', delay.pos, parsed.error, INTERVAL_UNITS_HINT);
    occasionalDelayMs = parsed.ms;
  }
  const base = opts.get('base_time');
  const baseTimeMs = base === undefined ? DEFAULT_BASE_TIME : Date.parse(opts.string('base_time'));
  if (Number.isNaN(baseTimeMs))
    throw sqlError(
      'SQL_INVALID_OPTION',
      base?.pos as Pos,
      'base_time must be an ISO 8601 timestamp',
      "write base_time = '2024-01-01T00:00:00Z'",
    );
  const eventRate = generatorEventRate(opts);
  const runtime =
    opts.get('runtime') === undefined
      ? UNBOUNDED_EVENTS / eventRate
      : number(
          opts,
          'runtime',
          undefined,
          (n) => n > 0 && Number.isFinite(n),
          'a positive number of seconds',
        );
  const pace = generatorPace(t, opts, 'runtime');
  const nexmark: NexmarkOptions = {
    seed: number(opts, 'seed', 1, Number.isInteger, 'an integer'),
    eventRate,
    events: Math.round(eventRate * runtime),
    outOfOrderGroupSize: number(
      opts,
      'out_of_order_group_size',
      1,
      (n) => Number.isInteger(n) && n >= 1,
      'a positive integer',
    ),
    probDelayedEvent: number(
      opts,
      'prob_delayed_event',
      0.1,
      (n) => n >= 0 && n <= 1,
      'a probability from 0 to 1',
    ),
    occasionalDelayMs,
    baseTimeMs,
    ...(pace === 'event_rate' ? { pace: 'event_rate' as const } : {}),
  };
  return generatorSource(t, opts, NEXMARK_SCHEMA, nexmarkMaxDelayMs(nexmark), nexmark);
}

/**
 * Checks the options of a generator source (nexmark, impulse): those every one takes, its `own`,
 * and `pace`; it is a JSON source.
 */
export function checkGeneratorOptions(opts: Options, own: readonly string[], what: string): void {
  opts.rejectUnknown(['connector', 'type', 'format', 'bad_data', 'event_rate', ...own, 'pace'], what);
  opts.oneOf('type', ['source'], 'source');
  opts.oneOf('format', ['json'], 'json');
}

/** A generator source's `event_rate`: events per second of event time. */
export const generatorEventRate = (opts: Options): number =>
  number(
    opts,
    'event_rate',
    undefined,
    (n) => n > 0 && n <= 10_000_000,
    'a positive number of events per second',
  );

/** A source run by the generator machinery (nexmark, impulse): its events carry their event time. */
export function generatorSource(
  t: CreateTable,
  opts: Options,
  schema: readonly Field[],
  delayMs: number,
  nexmark: NexmarkOptions,
): TableDef {
  return {
    role: 'source',
    name: t.name,
    pos: t.pos,
    source: {
      kind: 'nexmark',
      table: t.name,
      format: 'json',
      badData: opts.oneOf('bad_data', ['fail', 'drop'], 'fail'),
      schema: [...schema],
      eventTime: { field: NEXMARK_TIME_FIELD, delayMs },
      idleMs: null,
      // The generator's own event times: never ahead of its clock by more than its disorder.
      maxFutureMs: null,
      nexmark,
    },
  };
}

/**
 * `pace` of a generator source; without its bound (`runtime`, `message_count`) the source is
 * unbounded, as Arroyo's, and must be paced or it would generate as fast as it can forever.
 */
export function generatorPace(t: CreateTable, opts: Options, bound: string): 'none' | 'event_rate' {
  const unbounded = opts.get(bound) === undefined;
  const pace = opts.oneOf('pace', ['none', 'event_rate'], unbounded ? 'event_rate' : 'none');
  if (unbounded && pace === 'none')
    throw sqlError(
      'SQL_INVALID_OPTION',
      opts.get('pace')?.pos ?? t.pos,
      `a ${opts.string('connector')} source without ${bound} runs forever and cannot use pace = 'none'`,
      `add ${bound} = '…' for a bounded run, or drop pace (an unbounded source sends event_rate events per second)`,
    );
  return pace;
}
