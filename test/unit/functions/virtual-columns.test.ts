import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import type { SourceSpec } from '../../../compiler/spec/index.ts';
import { DecodeError } from '../../../functions/errors.ts';
import { createParserWithVirtuals } from '../../../functions/runtime/virtual-columns.ts';

/** Virtual columns (GENERATED ALWAYS AS): from SQL to the values the source stage computes per record. */
function sourceOf(columns: string): SourceSpec {
  const sql = `CREATE TABLE src (${columns}) WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
    SELECT * FROM src;`;
  const spec = compile(sql, { file: 't.sql', baseDir: '/tmp', name: 'virtual-columns' });
  const input = spec.stages[0]?.input;
  if (input?.kind === 'source') return input.source;
  throw new Error('no source in the spec');
}

const COLUMNS = `value TEXT NOT NULL, n BIGINT,
  doubled DOUBLE GENERATED ALWAYS AS (n * 2) STORED,
  kind TEXT GENERATED ALWAYS AS (upper(json_get_str(value, 'kind'))),
  ts TIMESTAMP NOT NULL GENERATED ALWAYS AS (CAST(json_get_str(value, 'at') AS TIMESTAMP)),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND`;

describe('virtual columns', () => {
  const parse = createParserWithVirtuals(sourceOf(COLUMNS));

  it('computes each virtual column from the physical ones, in declaration order, and reads the event time from one', () => {
    const r = parse(
      JSON.stringify({ value: '{"kind":"click","at":"2026-01-02T03:04:05Z"}', n: 21, kind: 'ignored' }),
    );
    expect(r.row).toEqual({
      value: '{"kind":"click","at":"2026-01-02T03:04:05Z"}',
      n: 21,
      doubled: 42,
      kind: 'CLICK',
      ts: Date.parse('2026-01-02T03:04:05Z'),
    });
    expect(Object.keys(r.row)).toEqual(['value', 'n', 'doubled', 'kind', 'ts']);
    expect(r.t).toBe(Date.parse('2026-01-02T03:04:05Z'));
  });

  it('a record whose virtual expression fails or is NULL in a NOT NULL column is a decode error (dead letter)', () => {
    expect(() => parse(JSON.stringify({ value: '{"at":"not a time"}', n: 1 }))).toThrow(DecodeError);
    expect(() => parse(JSON.stringify({ value: '{"kind":"x"}', n: 1 }))).toThrow(
      /virtual column 'ts' is null but NOT NULL/,
    );
  });

  it('NULL inputs give NULL virtual values in nullable columns', () => {
    const r = parse(JSON.stringify({ value: '{"at":"2026-01-02T03:04:05Z"}', n: null }));
    expect(r.row.doubled).toBeNull();
    expect(r.row.kind).toBeNull();
  });
});

describe('JSON columns', () => {
  const parse = createParserWithVirtuals(
    sourceOf(`id BIGINT, j JSON, k JSON NOT NULL, tag TEXT GENERATED ALWAYS AS (j ->> 'tag')`),
  );

  it('take any JSON value as its JSON text, and -> / ->> read it', () => {
    const r = parse(JSON.stringify({ id: 1, j: { tag: 'a', n: [1, 2] }, k: 'text' }));
    expect(r.row).toEqual({ id: 1, j: '{"tag":"a","n":[1,2]}', k: '"text"', tag: 'a' });
    expect(parse(JSON.stringify({ id: 2, j: 5, k: [true] })).row).toEqual({
      id: 2,
      j: '5',
      k: '[true]',
      tag: null,
    });
  });

  it('a missing value is NULL, or a decode error in a NOT NULL column', () => {
    expect(parse(JSON.stringify({ id: 3, k: {} })).row.j).toBeNull();
    expect(() => parse(JSON.stringify({ id: 4, j: {} }))).toThrow(
      /field 'k' is missing or null but NOT NULL/,
    );
  });
});
