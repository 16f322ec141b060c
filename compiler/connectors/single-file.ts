import { z } from 'zod';
import type { Connector, SinkRole, SourceRole } from './declaration.ts';
import { commonOptions, sourceOptions } from './options.ts';

const path = z.string().describe('a local JSON-lines file, relative to the SQL file');

/**
 * `connector = 'single_file'`: a local JSON-lines file. Local only: `sluice run` ingests its lines
 * (source) or assembles the committed part files into it (sink).
 */
export const singleFile = {
  name: 'single_file',
  sql: true,
  source: {
    kind: 'single_file',
    options: z.strictObject({ ...commonOptions, path, ...sourceOptions }),
    metadata: [],
    guarantee: 'exactly once: lines are numbered and ingested idempotently; local only',
    feed: 'ingest',
    bounded: true,
    cloudIngest: false,
    cloud: false,
    userStream: () => undefined,
    deadLetterPosition: (s, line) => `${s.path}:${line}`,
    describe: (s) => `file ${s.path}`,
    build: (ctx, common) => ({ kind: 'single_file', path: ctx.path(), ...common }),
  } satisfies SourceRole<'single_file'>,
  sink: {
    kind: 'single_file',
    options: z.strictObject({ ...commonOptions, path }),
    guarantee: 'exactly once: per-epoch part files, assembled into the file; local only',
    cloud: false,
    changelog: 'format',
    userStream: () => undefined,
    file: (s) => s.path,
    describe: (s) => `sink ${s.table}: file ${s.path}`,
    build: (ctx, { table, format }) => ({ kind: 'single_file', table, path: ctx.path(), format }),
  } satisfies SinkRole<'single_file'>,
} as const satisfies Connector;
