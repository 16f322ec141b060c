import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, explainSpec, SqlError } from '../../../compiler/index.ts';
import { parsePipelineSpec } from '../../../compiler/spec/pipeline-spec.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../compiler');
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');

describe('stage splitting', () => {
  it('splits the tumble query at the shuffle', () => {
    const sql = read('tumble-region-totals.sql');
    const spec = compile(sql, { name: 'region-totals', baseDir: '/data/proj', parallelism: 3 });
    expect(parsePipelineSpec(spec)).toEqual(spec);
    expect(spec.name).toBe('region-totals');
    expect(spec.keyGroups).toBe(256);
    expect(spec.sql).toBe(sql);
    expect(spec.streams).toEqual([
      { id: 'ingest-orders', kind: 'ingest', shards: 3 },
      { id: 'edge-s2', kind: 'edge', shards: 3 },
    ]);
    const [s1, s2] = spec.stages;
    expect(spec.stages).toHaveLength(2);
    expect(s1?.parallelism).toBe(3);
    expect(s1?.input).toMatchObject({
      kind: 'source',
      stream: 'ingest-orders',
      source: {
        kind: 'single_file',
        table: 'orders',
        path: '/data/proj/data/orders.jsonl',
        badData: 'drop',
        eventTime: { field: 'ts', delayMs: 5000 },
      },
    });
    expect(s1?.operators.map((o) => o.kind)).toEqual(['filter', 'project']);
    expect(s1?.operators[0]).toEqual({
      kind: 'filter',
      predicate: {
        kind: 'binary',
        op: '<>',
        left: { kind: 'column', name: 'status', type: 'string' },
        right: { kind: 'literal', value: 'cancelled', type: 'string' },
        type: 'bool',
      },
    });
    expect(s1?.operators[1]).toEqual({
      kind: 'project',
      columns: [
        { name: 'region', expr: { kind: 'column', name: 'region', type: 'string' } },
        { name: 'amount', expr: { kind: 'column', name: 'amount', type: 'float' } },
      ],
    });
    expect(s1?.output).toEqual({ kind: 'shuffle', stream: 'edge-s2', keyBy: ['region'] });
    expect(s1?.schema.map((f) => f.name)).toEqual(['region', 'amount']);

    expect(s2?.input).toEqual({ kind: 'edge', stream: 'edge-s2', from: ['s1'] });
    expect(s2?.operators[0]).toEqual({
      kind: 'window_aggregate',
      window: { kind: 'tumble', sizeMs: 60_000 },
      keys: ['region'],
      aggregates: [
        { name: 'orders', fn: 'count_star', arg: null, type: 'int' },
        { name: 'revenue', fn: 'sum', arg: 'amount', type: 'float' },
        { name: 'avg_amount', fn: 'avg', arg: 'amount', type: 'float' },
        { name: 'min_amount', fn: 'min', arg: 'amount', type: 'float' },
        { name: 'max_amount', fn: 'max', arg: 'amount', type: 'float' },
      ],
      windowStartColumn: 'window_start',
      windowEndColumn: 'window_end',
    });
    const post = s2?.operators[1];
    expect(post?.kind).toBe('project');
    if (post?.kind === 'project')
      expect(post.columns.map((c) => c.name)).toEqual([
        'window_start',
        'window_end',
        'region',
        'orders',
        'revenue',
        'avg_amount',
        'min_amount',
        'max_amount',
      ]);
    expect(s2?.output).toEqual({
      kind: 'sink',
      sink: {
        kind: 'single_file',
        table: 'region_totals',
        path: '/data/proj/out/region_totals.jsonl',
        format: 'json',
      },
    });
    expect(s2?.schema.find((f) => f.name === 'window_start')).toEqual({
      name: 'window_start',
      type: 'timestamp',
      nullable: false,
    });
  });

  it('keeps a filter/projection in one stage', () => {
    const spec = compile(read('filter-project.sql'), { name: 'big' });
    expect(spec.stages).toHaveLength(1);
    const [s1] = spec.stages;
    expect(spec.streams).toEqual([{ id: 'ingest-orders', kind: 'ingest', shards: 1 }]);
    expect(s1?.operators.map((o) => o.kind)).toEqual(['filter', 'project']);
    expect(s1?.output).toEqual({
      kind: 'sink',
      sink: { kind: 'single_file', table: 'big', path: 'out/big.jsonl', format: 'json' },
    });
    expect(s1?.schema).toEqual([
      { name: 'order_id', type: 'int', nullable: true },
      { name: 'customer', type: 'string', nullable: true },
      { name: 'gross', type: 'float', nullable: true },
      { name: 'size', type: 'string', nullable: false },
    ]);
  });

  it('reads a kinesis source from the user stream with no ingest stream', () => {
    const spec = compile(read('kinesis-source.sql'), { name: 'k', parallelism: 2 });
    expect(spec.streams).toEqual([]);
    expect(spec.stages[0]?.input).toMatchObject({
      kind: 'source',
      stream: 'my-events',
      source: { kind: 'kinesis', offset: 'earliest', badData: 'fail' },
    });
  });

  it('sends a bare SELECT to a one-shard preview stream', () => {
    const spec = compile(read('preview-select-star.sql'), { name: 'p', parallelism: 4 });
    expect(spec.streams).toContainEqual({ id: 'preview', kind: 'preview', shards: 1 });
    expect(spec.stages[0]?.output).toEqual({ kind: 'sink', sink: { kind: 'preview', stream: 'preview' } });
    expect(spec.stages[0]?.operators).toEqual([]);
  });

  it('explains stages, edges and expressions', () => {
    const text = explainSpec(compile(read('tumble-region-totals.sql'), { name: 'rt' }));
    expect(text).toContain('stage s1 (parallelism 1): source orders → filter → project → shuffle by region');
    expect(text).toContain("filter status <> 'cancelled'");
    expect(text).toContain('input  edge edge-s2 from s1');
  });

  it('rejects bad options to compile', () => {
    expect(() => compile('SELECT 1', { name: 'Bad Name' })).toThrow(/invalid pipeline name/);
    expect(() => compile(read('filter-project.sql'), { name: 'ok', parallelism: 0 })).toThrow(SqlError);
  });

  it('formats errors with file, position, excerpt, caret and hint', () => {
    try {
      compile(
        "CREATE TABLE t (a BIGINT) WITH (connector = 'single_file', path = 'x', type = 'source');\nSELECT b FROM t;",
        { name: 'e', file: 'q.sql' },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
      expect((e as SqlError).code).toBe('SQL_UNKNOWN_COLUMN');
      expect((e as SqlError).format()).toBe(
        [
          'q.sql:2:8: error: unknown column b',
          '2 | SELECT b FROM t;',
          '           ^',
          '  hint: available columns: a',
        ].join('\n'),
      );
    }
  });
});
