import { describe, expect, it } from 'vitest';
import { compile, readUdfModule, UdfError } from '../../../compiler/index.ts';

/** UDF names: clashes with built-in functions and between modules; only called UDFs reach the spec. */
const read = (src: string) => readUdfModule('/abs/udfs/m.ts', src, 'udfs/m.ts');

describe('UDF names', () => {
  const SQL = `CREATE TABLE t (s TEXT) WITH (connector = 'single_file', path = 't.jsonl', format = 'json', type = 'source');
    SELECT s FROM t;`;
  const refused = (udfs: ReturnType<typeof read>): UdfError => {
    try {
      compile(SQL, { name: 'names', udfs });
    } catch (e) {
      if (e instanceof UdfError) return e;
      throw e;
    }
    throw new Error('expected a UdfError');
  };

  it('refuses a UDF named like a built-in function, at its declaration', () => {
    const e = refused(read('export function Upper(s: string): string { return s; }'));
    expect(e.code).toBe('UDF_NAME_CONFLICT');
    expect(e.problem).toBe('UDF Upper() has the name of the built-in function upper()');
    expect(e.hint).toContain('my_upper');
    expect(`${e.pos.line}:${e.pos.column}`).toBe('1:17');
  });

  it('refuses two UDFs whose names differ only in case', () => {
    const a = readUdfModule('/abs/a.ts', 'export function norm(s: string): string { return s; }', 'a.ts');
    const b = readUdfModule('/abs/b.ts', '\nexport const Norm = (s: string): string => s;', 'b.ts');
    const e = refused([...a, ...b]);
    expect(e.code).toBe('UDF_NAME_CONFLICT');
    expect(e.problem).toBe('UDF Norm() has the same SQL name as norm() (a.ts:1:17)');
    expect(e.format()).toContain('b.ts:2:14: error: ');
  });

  it('records only the UDFs the SQL calls', () => {
    const udfs = read(`export function used(s: string): string { return s; }
      export function unused(s: string): string { return s; }`);
    const spec = compile(SQL.replace('SELECT s', 'SELECT used(s) AS u'), { name: 'names', udfs });
    expect(spec.udfs?.map((u) => u.name)).toEqual(['used']);
    expect(compile(SQL, { name: 'names', udfs }).udfs).toBeUndefined();
  });
});
