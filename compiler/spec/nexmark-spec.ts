import { z } from 'zod';
import type { Field } from './types.ts';

/**
 * Options of the built-in `nexmark` source (the Nexmark benchmark's auction-site generator). The
 * generator is a pure function of these options and the event number, so a replay is exact.
 */
export const nexmarkOptions = z.object({
  seed: z.number().int(),
  /** Events per second of event time. */
  eventRate: z.number().positive(),
  /** Total events: event_rate × runtime. */
  events: z.number().int().nonnegative(),
  /** Events are shuffled within groups of this many (1 = in order). */
  outOfOrderGroupSize: z.number().int().positive(),
  /** Share of events whose time lags up to `occasionalDelayMs` behind their place in the stream. */
  probDelayedEvent: z.number().min(0).max(1),
  occasionalDelayMs: z.number().int().nonnegative(),
  /** Event time of event 0 (epoch ms). */
  baseTimeMs: z.number().int(),
  /**
   * `event_rate`: event n is sent n / event_rate seconds of wall-clock time after ingest starts, as
   * Arroyo's generator does (functions/connectors/nexmark/pace.ts). @default as fast as possible
   */
  pace: z.enum(['event_rate', 'none']).optional(),
  /**
   * What the generator emits. `impulse` (Arroyo's impulse source): event n is
   * `{ counter: n, subtask_index: 0 }` at event time `baseTimeMs + n × impulseIntervalMs`
   * (functions/connectors/nexmark/impulse-lines.ts). @default nexmark
   */
  generator: z.enum(['nexmark', 'impulse']).optional(),
  /** Event-time step between impulse events (Arroyo's `event_time_interval`, in ms). */
  impulseIntervalMs: z.number().positive().optional(),
});
export type NexmarkOptions = z.infer<typeof nexmarkOptions>;

/** The impulse source's columns, as Arroyo's (UInt64 there). */
export const IMPULSE_SCHEMA: readonly Field[] = [
  { name: 'counter', type: 'int', nullable: false, unsigned: 64 },
  { name: 'subtask_index', type: 'int', nullable: false, unsigned: 64 },
];

/** The field that carries an event's time in the generated documents (not a column). */
export const NEXMARK_TIME_FIELD = '_timestamp';

const struct = (name: string, fields: readonly (readonly [string, Field['type']])[]): Field[] => [
  { name, type: 'bool', nullable: true },
  ...fields.map(([f, type]) => ({ name: `${name}.${f}`, type, nullable: true })),
];

/**
 * The nexmark table's columns, as Arroyo's: structs `person`, `auction` and `bid`, exactly one of them
 * non-NULL per event. sluice flattens a struct into dotted columns (`bid.price`), which SQL reads as
 * `bid.price`; the struct's own column (`bid`) is TRUE for that kind of event and NULL otherwise, so
 * `WHERE bid IS NOT NULL` selects bids.
 */
export const NEXMARK_SCHEMA: readonly Field[] = [
  ...struct('person', [
    ['id', 'int'],
    ['name', 'string'],
    ['email_address', 'string'],
    ['credit_card', 'string'],
    ['city', 'string'],
    ['state', 'string'],
    ['datetime', 'timestamp'],
    ['extra', 'string'],
  ]),
  ...struct('auction', [
    ['id', 'int'],
    ['item_name', 'string'],
    ['description', 'string'],
    ['initial_bid', 'int'],
    ['reserve', 'int'],
    ['datetime', 'timestamp'],
    ['expires', 'timestamp'],
    ['seller', 'int'],
    ['category', 'int'],
    ['extra', 'string'],
  ]),
  ...struct('bid', [
    ['auction', 'int'],
    ['bidder', 'int'],
    ['price', 'int'],
    ['channel', 'string'],
    ['url', 'string'],
    ['datetime', 'timestamp'],
    ['extra', 'string'],
  ]),
];

/** Largest amount an event's time can lag behind the newest before it: the watermark's delay. */
export function nexmarkMaxDelayMs(o: NexmarkOptions): number {
  const groupSpan = Math.ceil(((o.outOfOrderGroupSize - 1) * 1000) / o.eventRate);
  return o.occasionalDelayMs + groupSpan + Math.ceil(1000 / o.eventRate);
}
