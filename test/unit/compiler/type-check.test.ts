import { describe, expect, it } from 'vitest';
import { compile, SqlError } from '../../../compiler/index.ts';
import type { Expr } from '../../../compiler/spec/expr.ts';

const TABLE =
  "CREATE TABLE t (i BIGINT, f DOUBLE, s TEXT, b BOOLEAN, ts TIMESTAMP) WITH (connector = 'single_file', path = 't.jsonl', type = 'source');\n";

/** The expression of the one projected column of `SELECT <expr> AS x FROM t`. */
function typed(expr: string): Expr {
  const spec = compile(`${TABLE}SELECT ${expr} AS x FROM t`, { name: 'tc' });
  const op = spec.stages[0]?.operators.find((o) => o.kind === 'project');
  if (op?.kind !== 'project') throw new Error('no project');
  return op.columns[0]?.expr as Expr;
}

function failure(sql: string): SqlError {
  try {
    compile(`${TABLE}${sql}`, { name: 'tc' });
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected a SqlError');
}

describe('type checking', () => {
  it.each([
    ['i + i', 'int'],
    ['i + f', 'float'],
    ['i / i', 'int'],
    ['i % 2', 'int'],
    ['f * 2', 'float'],
    ['i > f', 'bool'],
    ["s || 'x'", 'string'],
    ["s LIKE 'a%'", 'bool'],
    ['i IN (1, 2.5)', 'bool'],
    ['CAST(s AS BIGINT)', 'int'],
    ['CAST(i AS DOUBLE)', 'float'],
    ['length(s)', 'int'],
    ['abs(i)', 'int'],
    ['round(f, 1)', 'float'],
    ['coalesce(i, f)', 'float'],
    ['CASE WHEN b THEN 1 ELSE 2.0 END', 'float'],
    ["CASE s WHEN 'a' THEN s END", 'string'],
    ["ts >= '2024-01-01 00:00:00'", 'bool'],
    ['NULL', 'null'],
    ['-i', 'int'],
    ['i IS NULL', 'bool'],
  ])('%s : %s', (expr, type) => {
    expect(typed(expr).type).toBe(type);
  });

  it('types every node of a nested expression', () => {
    const visit = (e: Expr): void => {
      expect(e.type).toBeTruthy();
      if (e.kind === 'binary') {
        visit(e.left);
        visit(e.right);
      }
    };
    visit(typed("(i + 1) * f > 2 AND s <> 'x'"));
  });

  it('coerces string literals compared with timestamps', () => {
    const e = typed("ts > '2024-01-01 00:00:00'");
    expect(e.kind === 'binary' && e.right).toEqual({
      kind: 'literal',
      value: Date.UTC(2024, 0, 1),
      type: 'timestamp',
    });
  });

  it.each([
    ['SELECT i + s AS x FROM t', /cannot apply \+ to BIGINT and TEXT/, /CAST\(s AS DOUBLE\)/],
    ['SELECT i = s AS x FROM t', /cannot compare BIGINT with TEXT/, /CAST\(s AS BIGINT\)/],
    ["SELECT i LIKE 'a' AS x FROM t", /LIKE needs TEXT operands, got BIGINT/, /CAST/],
    ['SELECT * FROM t WHERE i', /WHERE needs a BOOLEAN condition, got BIGINT/, /x <> 0/],
    ['SELECT b AND i AS x FROM t', /AND needs BOOLEAN operands, got BIGINT/, /CAST/],
    ['SELECT upper(i) AS x FROM t', /upper\(\) expects TEXT, got BIGINT/, /CAST/],
    ["SELECT CASE WHEN b THEN 1 ELSE 'x' END AS x FROM t", /CASE branches mix BIGINT and TEXT/, /CAST/],
    ["SELECT i IN (1, 'a') AS x FROM t", /IN list item is TEXT but the value is BIGINT/, /CAST/],
    ["SELECT ts > 'yesterday' AS x FROM t", /'yesterday' is not a timestamp/, /TIMESTAMP/],
    ['SELECT substr(s) AS x FROM t', /substr\(\) takes 2 to 3 arguments, got 1/, /substr\(text, start/],
  ])('%s', (sql, message, hint) => {
    const e = failure(sql);
    expect(e.code).toMatch(/SQL_TYPE_MISMATCH/);
    expect(e.diagnostics[0]?.message).toMatch(message);
    expect(e.diagnostics[0]?.hint).toMatch(hint);
  });
});
