import { z } from 'zod';
import type { Connector } from './declaration.ts';
import { generatorOptions, generatorSource } from './nexmark.ts';
import { optionValue } from './options.ts';

/**
 * `connector = 'impulse'`: Arroyo's periodic demo source (`counter`, `subtask_index`), run by the
 * nexmark generator machinery (spec kind `nexmark`, `generator = 'impulse'`).
 */
export const impulse = {
  name: 'impulse',
  sql: true,
  fixedSchema: true,
  source: {
    ...generatorSource,
    options: z.strictObject({
      ...generatorOptions,
      message_count: optionValue.optional().describe('events in all; unbounded when absent'),
      event_time_interval: optionValue.optional().describe('nanoseconds of event time between events'),
    }),
  },
} as const satisfies Connector;
