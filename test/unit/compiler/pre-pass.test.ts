import { describe, expect, it } from 'vitest';
import { SqlError } from '../../../compiler/errors/sql-error.ts';
import { prePass } from '../../../compiler/parse/pre-pass.ts';

describe('prePass', () => {
  it('strips WATERMARK FOR … and its comma, keeping every other position', () => {
    const sql =
      "CREATE TABLE t (\n  a INT, ts TIMESTAMP,\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) WITH (x = 'y');";
    const r = prePass(sql);
    expect(r.sql).toHaveLength(sql.length);
    expect(r.sql).not.toContain('WATERMARK');
    expect(r.sql.split('\n')[1]).toBe('  a INT, ts TIMESTAMP ');
    expect(r.sql.split('\n')[3]).toBe(") WITH (x = 'y');");
    expect(r.watermarks).toEqual([{ table: 't', column: 'ts', delayMs: 5000, pos: { line: 3, column: 3 } }]);
  });

  it('accepts WATERMARK FOR col alone and the one-string interval form', () => {
    expect(prePass('CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts)').watermarks[0]?.delayMs).toBe(0);
    const r = prePass("CREATE TABLE t (ts TIMESTAMP, watermark for ts as ts - interval '2 minutes')");
    expect(r.watermarks[0]?.delayMs).toBe(120_000);
  });

  it('ignores WATERMARK inside strings and comments', () => {
    const sql = "SELECT 'WATERMARK FOR x' AS s -- WATERMARK FOR y\nFROM t";
    expect(prePass(sql)).toEqual({ sql, watermarks: [], groupByAliases: new Map(), metadata: [] });
  });

  it('refuses watermark expressions it cannot express', () => {
    expect(() => prePass('CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts + 1)')).toThrow(SqlError);
    expect(() =>
      prePass("CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS other - INTERVAL '1' SECOND)"),
    ).toThrow(/own column/);
  });

  it('strips GROUP BY … AS alias and records it by the item position', () => {
    const sql = "SELECT count(*) FROM t GROUP BY tumble(interval '1 minute') AS window, k";
    const r = prePass(sql);
    expect(r.sql).toBe("SELECT count(*) FROM t GROUP BY tumble(interval '1 minute')          , k");
    expect([...r.groupByAliases]).toEqual([['1:33', 'window']]);
  });

  it('does not touch aliases outside GROUP BY or after HAVING', () => {
    const sql = 'SELECT (SELECT 1 FROM u GROUP BY a) AS x FROM t GROUP BY b HAVING count(*) AS y';
    const r = prePass(sql);
    expect(r.sql).toBe(sql);
  });
});
