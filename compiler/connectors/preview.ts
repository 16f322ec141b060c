import { z } from 'zod';
import type { Connector, SinkRole } from './declaration.ts';

/**
 * The preview sink of a bare SELECT: rows go, as Debezium changes, to the pipeline's own `preview`
 * stream, which `sluice run` and the console print. Internal: SQL cannot name it.
 */
export const preview = {
  name: 'preview',
  sql: false,
  sink: {
    kind: 'preview',
    options: z.strictObject({}),
    guarantee: 'exactly once into the preview stream (envelopes, deduped by the reader)',
    cloud: true,
    changelog: 'always',
    userStream: () => undefined,
    describe: (s) => `preview (stream ${s.stream})`,
  } satisfies SinkRole<'preview'>,
} as const satisfies Connector;
