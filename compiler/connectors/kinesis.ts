import { z } from 'zod';
import type { Connector, SinkRole, SourceRole } from './declaration.ts';
import { commonOptions, sourceOptions } from './options.ts';

const streamName = z.string().describe("the user's Kinesis stream");

/** `connector = 'kinesis'`: the user's Kinesis stream, one JSON document per record. */
export const kinesis = {
  name: 'kinesis',
  sql: true,
  source: {
    kind: 'kinesis',
    options: z.strictObject({
      ...commonOptions,
      stream_name: streamName,
      'source.offset': z
        .enum(['earliest', 'latest'])
        .default('latest')
        .describe('where a new pipeline starts'),
      ...sourceOptions,
    }),
    metadata: [],
    guarantee: 'exactly once: the stage checkpoints (shard, sequence number) with its state',
    feed: 'user_stream',
    bounded: false,
    cloudIngest: false,
    cloud: true,
    userStream: (s) => s.streamName,
    deadLetterPosition: () => undefined,
    describe: (s) => `kinesis stream ${s.streamName} (from ${s.offset})`,
    build: (ctx, common) => ({
      kind: 'kinesis',
      streamName: ctx.value('stream_name'),
      offset: ctx.value('source.offset') as 'earliest' | 'latest',
      ...common,
    }),
  } satisfies SourceRole<'kinesis'>,
  sink: {
    kind: 'kinesis',
    options: z.strictObject({ ...commonOptions, stream_name: streamName }),
    guarantee: 'at least once: the row id is the partition key, for consumers that dedupe',
    cloud: true,
    changelog: 'format',
    userStream: (s) => s.streamName,
    describe: (s) => `sink ${s.table}: kinesis stream ${s.streamName}`,
    build: (ctx, { table, format }) => ({
      kind: 'kinesis',
      table,
      streamName: ctx.value('stream_name'),
      format,
    }),
  } satisfies SinkRole<'kinesis'>,
} as const satisfies Connector;
