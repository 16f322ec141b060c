import { describe, expect, it } from 'vitest';
import { compile, SqlError } from '../../../compiler/index.ts';
import { prePass } from '../../../compiler/parse/pre-pass.ts';
import type { SourceSpec } from '../../../compiler/spec/index.ts';
import { DecodeError } from '../../../functions/errors.ts';
import { createSourceParser } from '../../../functions/runtime/source-parser.ts';

/** Column options of Arroyo's DDL (NOT NULL, PRIMARY KEY, UNSIGNED), from SQL to the source decoder. */
const ddl = (columns: string, extra = ''): string =>
  `CREATE TABLE src (${columns}) WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source'${extra});
   SELECT * FROM src;`;

function sourceOf(sql: string): SourceSpec {
  const spec = compile(sql, { file: 't.sql', baseDir: '/tmp', name: 'column-options' });
  const input = spec.stages[0]?.input;
  if (input?.kind === 'source') return input.source;
  throw new Error('no source in the spec');
}

function failure(sql: string): SqlError {
  try {
    compile(sql, { file: 't.sql', baseDir: '/tmp', name: 'column-options' });
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('compiled');
}

describe('column options', () => {
  it('NOT NULL and PRIMARY KEY columns are not nullable; UNSIGNED types are integers with a width', () => {
    const src = sourceOf(
      ddl(
        'id BIGINT UNSIGNED NOT NULL, small TINYINT UNSIGNED, name TEXT PRIMARY KEY, n INT NULL, ts TIMESTAMP',
      ),
    );
    expect(src.schema).toEqual([
      { name: 'id', type: 'int', nullable: false, unsigned: 64 },
      { name: 'small', type: 'int', nullable: true, unsigned: 8 },
      { name: 'name', type: 'string', nullable: false },
      { name: 'n', type: 'int', nullable: true },
      { name: 'ts', type: 'timestamp', nullable: true },
    ]);
  });

  it('a PRIMARY KEY (…) table constraint marks its columns', () => {
    const src = sourceOf(ddl('a INT, b TEXT, PRIMARY KEY (b)'));
    expect(src.schema.map((f) => f.nullable)).toEqual([true, false]);
    expect(failure(ddl('a INT, PRIMARY KEY (zz)')).diagnostics[0]?.message).toContain(
      'PRIMARY KEY column zz is not a column of src',
    );
  });

  it('refuses other column options and constraints, naming them', () => {
    const d = failure(ddl('a INT DEFAULT 5')).diagnostics[0];
    expect(d?.message).toBe('column option DEFAULT on a is not supported');
    expect(d?.hint).toContain('NOT NULL');
    expect(failure(ddl('a INT, UNIQUE (a)')).diagnostics[0]?.message).toContain('table constraint UNIQUE');
  });

  it('CAST(x AS BIGINT UNSIGNED) is an integer cast', () => {
    const spec = compile(
      `${ddl('a DOUBLE').replace('SELECT * FROM src;', '')} SELECT CAST(a AS BIGINT UNSIGNED) AS u FROM src;`,
      { file: 't.sql', baseDir: '/tmp', name: 'column-options' },
    );
    expect(JSON.stringify(spec)).toContain('"type":"int"');
  });
});

describe('source decoding of NOT NULL and UNSIGNED columns', () => {
  const parse = createSourceParser(
    sourceOf(ddl('id BIGINT UNSIGNED NOT NULL, b SMALLINT UNSIGNED, note TEXT NOT NULL')),
  );
  it('accepts values in range', () => {
    expect(parse('{"id": 0, "b": 65535, "note": ""}').row).toEqual({ id: 0, b: 65535, note: '' });
    expect(parse('{"id": 9007199254740991, "b": null, "note": "x"}').row.b).toBeNull();
  });
  it('a NULL or missing NOT NULL field is a decode error', () => {
    expect(() => parse('{"id": null, "note": "x"}')).toThrow(DecodeError);
    expect(() => parse('{"id": 1}')).toThrow(/field 'note' is missing or null but NOT NULL/);
  });
  it('a negative or too large UNSIGNED value is a decode error', () => {
    expect(() => parse('{"id": -1, "note": "x"}')).toThrow(
      /field 'id' is UNSIGNED \(64 bits\): -1 is outside/,
    );
    expect(() => parse('{"id": 1, "b": 65536, "note": "x"}')).toThrow(/0 … 65535/);
  });
});

describe('parenthesised watermark expression', () => {
  it('AS (ts - INTERVAL …) is the same as without parentheses', () => {
    const r = prePass("CREATE TABLE t (ts TIMESTAMP, watermark for ts AS (ts - interval '1 hour'))");
    expect(r.watermarks[0]?.delayMs).toBe(3_600_000);
    expect(r.sql).not.toContain('watermark');
    expect(prePass('CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS (ts))').watermarks[0]?.delayMs).toBe(0);
  });
  it('still refuses what it cannot express inside the parentheses', () => {
    expect(() => prePass('CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS (ts + 1))')).toThrow(SqlError);
    expect(() =>
      prePass("CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS (x) - (INTERVAL '1' SECOND))"),
    ).toThrow(SqlError);
  });
});
