import { z } from 'zod';
import type { Connector, SinkRole, SourceRole } from './declaration.ts';
import { commonOptions, sourceOptions } from './options.ts';

const path = z.string().describe('s3://<bucket>/<prefix>/');
const s3Url = (s: { bucket: string; prefix: string }): string => `s3://${s.bucket}/${s.prefix}`;

/**
 * `connector = 'filesystem'`: JSON lines in the objects under an S3 prefix. In the cloud the
 * ingest function reads them (source); each committed epoch becomes one object (sink).
 */
export const filesystem = {
  name: 'filesystem',
  sql: true,
  source: {
    kind: 'filesystem',
    options: z.strictObject({ ...commonOptions, path, ...sourceOptions }),
    metadata: [],
    guarantee: 'exactly once: the objects listed at start, in key order, as one numbered file',
    feed: 'ingest',
    bounded: true,
    cloudIngest: true,
    cloud: true,
    userStream: () => undefined,
    deadLetterPosition: (s, line) => `${s3Url(s)}:${line}`,
    describe: (s) => `objects under ${s3Url(s)} (JSON lines, in key order)`,
    build: (ctx, common) => ({ kind: 'filesystem', ...ctx.s3(), ...common }),
  } satisfies SourceRole<'filesystem'>,
  sink: {
    kind: 'filesystem',
    options: z.strictObject({ ...commonOptions, path }),
    guarantee: 'exactly once: one object per committed epoch, staged, committed, then published',
    cloud: true,
    changelog: 'format',
    userStream: () => undefined,
    describe: (s) => `sink ${s.table}: one object per committed epoch under ${s3Url(s)}, ${s.format}`,
    build: (ctx, { table, format }) => ({ kind: 'filesystem', table, ...ctx.s3(), format }),
  } satisfies SinkRole<'filesystem'>,
} as const satisfies Connector;
