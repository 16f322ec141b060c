import type { Expr, PipelineSpec, ScalarType } from '../../../compiler/spec/index.ts';
import { parsePipelineSpec } from '../../../compiler/spec/index.ts';

export const col = (name: string, type: ScalarType = 'int'): Expr => ({ kind: 'column', name, type });
export const lit = (value: string | number | boolean | null, type?: ScalarType): Expr => ({
  kind: 'literal',
  value,
  type:
    type ??
    (value === null
      ? 'null'
      : typeof value === 'string'
        ? 'string'
        : typeof value === 'boolean'
          ? 'bool'
          : Number.isInteger(value)
            ? 'int'
            : 'float'),
});
export const bin = (
  op: Extract<Expr, { kind: 'binary' }>['op'],
  left: Expr,
  right: Expr,
  type?: ScalarType,
): Expr => ({
  kind: 'binary',
  op,
  left,
  right,
  type:
    type ??
    (['=', '<>', '<', '<=', '>', '>=', 'and', 'or'].includes(op)
      ? 'bool'
      : op === '||'
        ? 'string'
        : left.type === 'float' || right.type === 'float'
          ? 'float'
          : left.type),
});
export const call = (fn: Extract<Expr, { kind: 'call' }>['fn'], args: Expr[], type: ScalarType): Expr => ({
  kind: 'call',
  fn,
  args,
  type,
});

/**
 * A two-stage tumble pipeline: s1 reads a single_file source (orders: id, user, amount, ts),
 * filters amount > 0 and shuffles by user; s2 counts and sums per user per window into a file sink.
 */
export function tumblePipeline(opts: {
  name?: string;
  sourcePath?: string;
  sinkPath?: string;
  sizeMs?: number;
  delayMs?: number;
  badData?: 'fail' | 'drop';
  p1?: number;
  p2?: number;
}): PipelineSpec {
  const p1 = opts.p1 ?? 1;
  const p2 = opts.p2 ?? 1;
  return parsePipelineSpec({
    version: 1,
    name: opts.name ?? 'tumble',
    keyGroups: 16,
    streams: [
      { id: 'ingest-orders', kind: 'ingest', shards: p1 },
      { id: 'e1', kind: 'edge', shards: p2 },
    ],
    stages: [
      {
        id: 's1',
        label: 'source orders → filter → shuffle',
        parallelism: p1,
        input: {
          kind: 'source',
          stream: 'ingest-orders',
          source: {
            kind: 'single_file',
            path: opts.sourcePath ?? '/tmp/orders.jsonl',
            table: 'orders',
            format: 'json',
            badData: opts.badData ?? 'drop',
            schema: [
              { name: 'id', type: 'int', nullable: false },
              { name: 'user', type: 'string', nullable: true },
              { name: 'amount', type: 'int', nullable: true },
              { name: 'ts', type: 'timestamp', nullable: false },
            ],
            eventTime: { field: 'ts', delayMs: opts.delayMs ?? 0 },
          },
        },
        operators: [
          { kind: 'filter', predicate: bin('>', col('amount'), lit(0)) },
          {
            kind: 'project',
            columns: [
              { name: 'user', expr: col('user', 'string') },
              { name: 'amount', expr: col('amount') },
            ],
          },
        ],
        output: { kind: 'shuffle', stream: 'e1', keyBy: ['user'] },
        schema: [
          { name: 'user', type: 'string', nullable: true },
          { name: 'amount', type: 'int', nullable: true },
        ],
      },
      {
        id: 's2',
        label: 'tumble count/sum by user → file',
        parallelism: p2,
        input: { kind: 'edge', stream: 'e1', from: ['s1'] },
        operators: [
          {
            kind: 'window_aggregate',
            window: { kind: 'tumble', sizeMs: opts.sizeMs ?? 60_000 },
            keys: ['user'],
            aggregates: [
              { name: 'n', fn: 'count_star', arg: null, type: 'int' },
              { name: 'total', fn: 'sum', arg: 'amount', type: 'int' },
            ],
            windowStartColumn: 'window_start',
            windowEndColumn: 'window_end',
          },
        ],
        output: {
          kind: 'sink',
          sink: {
            kind: 'single_file',
            table: 'out',
            path: opts.sinkPath ?? '/tmp/out.jsonl',
            format: 'json',
          },
        },
        schema: [
          { name: 'user', type: 'string', nullable: true },
          { name: 'n', type: 'int', nullable: false },
          { name: 'total', type: 'int', nullable: true },
          { name: 'window_start', type: 'timestamp', nullable: false },
          { name: 'window_end', type: 'timestamp', nullable: false },
        ],
      },
    ],
    sql: 'SELECT user, count(*) AS n, sum(amount) AS total FROM orders WHERE amount > 0 GROUP BY user, tumble(interval 1 minute)',
  });
}

/** One stage: a kinesis source (events: k, v, ts) → filter v > 0 → a sink of the caller's choice. */
export function singleStagePipeline(
  name: string,
  sink: Extract<PipelineSpec['stages'][number]['output'], { kind: 'sink' }>['sink'],
  sourceStream: string,
): PipelineSpec {
  return parsePipelineSpec({
    version: 1,
    name,
    keyGroups: 16,
    streams: sink.kind === 'preview' ? [{ id: sink.stream, kind: 'preview', shards: 1 }] : [],
    stages: [
      {
        id: 's1',
        label: 'source events → filter → sink',
        parallelism: 1,
        input: {
          kind: 'source',
          stream: sourceStream,
          source: {
            kind: 'kinesis',
            streamName: sourceStream,
            offset: 'earliest',
            table: 'events',
            format: 'json',
            badData: 'drop',
            schema: [
              { name: 'k', type: 'string', nullable: true },
              { name: 'v', type: 'int', nullable: true },
              { name: 'ts', type: 'timestamp', nullable: false },
            ],
            eventTime: { field: 'ts', delayMs: 1000 },
          },
        },
        operators: [{ kind: 'filter', predicate: bin('>', col('v'), lit(0)) }],
        output: { kind: 'sink', sink },
        schema: [
          { name: 'k', type: 'string', nullable: true },
          { name: 'v', type: 'int', nullable: true },
          { name: 'ts', type: 'timestamp', nullable: false },
        ],
      },
    ],
    sql: 'SELECT * FROM events WHERE v > 0',
  });
}
