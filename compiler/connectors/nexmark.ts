import { z } from 'zod';
import type { Connector, SourceRole } from './declaration.ts';
import { optionValue } from './options.ts';

export const generatorOptions = {
  connector: z.string(),
  type: z.enum(['source']).default('source'),
  format: z.enum(['json']).default('json'),
  bad_data: z.enum(['fail', 'drop']).default('fail'),
  event_rate: optionValue.describe('events per second of event time'),
  pace: z.enum(['none', 'event_rate']).optional().describe('event_rate: real time; default when unbounded'),
};

/**
 * The generator sources' runtime facts (nexmark and impulse both compile to the `nexmark` spec
 * kind, told apart by `nexmark.generator`): ingested like a file's lines, by `sluice run` or the
 * cloud ingest function.
 */
export const generatorSource = {
  kind: 'nexmark',
  metadata: [],
  guarantee: 'exactly once: event n is a pure function of the options and n',
  feed: 'ingest',
  bounded: true,
  cloudIngest: true,
  cloud: true,
  userStream: () => undefined,
  deadLetterPosition: () => undefined,
  describe: (s) =>
    `${s.nexmark.generator ?? 'nexmark'} generator (${s.nexmark.events} events at ${s.nexmark.eventRate}/s, seed ${s.nexmark.seed}${s.nexmark.pace === 'event_rate' ? ', paced' : ''})`,
} satisfies Omit<SourceRole<'nexmark'>, 'options'>;

/** `connector = 'nexmark'`: the Nexmark auction generator, with Arroyo's options and fixed columns. */
export const nexmark = {
  name: 'nexmark',
  sql: true,
  fixedSchema: true,
  source: {
    ...generatorSource,
    options: z.strictObject({
      ...generatorOptions,
      runtime: optionValue.optional().describe('seconds of event time; unbounded when absent'),
      seed: optionValue.default('1'),
      out_of_order_group_size: optionValue.default('1'),
      prob_delayed_event: optionValue.default('0.1'),
      occasional_delay: z.string().default('3 seconds'),
      base_time: z.string().default('2024-01-01T00:00:00Z'),
    }),
  },
} as const satisfies Connector;
