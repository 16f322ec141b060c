import type { AstStatement } from '../ast/statement.ts';
import { type Diagnostic, NO_POS, type Pos, SqlError, sqlError } from '../errors/sql-error.ts';
import { convertStatement } from './convert-statement.ts';
import { checkLimits } from './limits.ts';
import { prePass } from './pre-pass.ts';
import { endOf, parseRaw } from './sqlparser.ts';

/**
 * SQL text → sluice's typed AST. Positions refer to the original text (after a leading UTF-8 byte
 * order mark, which editors do not count as a column either). `checkLimits` keeps inputs the
 * parser cannot survive away from it.
 */
export function parseSql(sql: string): readonly AstStatement[] {
  const text = sql.startsWith('\uFEFF') ? sql.slice(1) : sql;
  const scan = checkLimits(text);
  const pre = prePass(text);
  const raw = parseRaw(pre.sql, scan);
  if (raw.length === 0)
    throw sqlError(
      'SQL_INVALID',
      endOf(text),
      'nothing to run: the file has no SQL statements',
      'add CREATE TABLE … for the source and sink, then INSERT INTO <sink> SELECT … FROM <source>',
    );
  return raw.map((r, i) => {
    try {
      return convertStatement(r, pre);
    } catch (e) {
      throw placeAtStatement(e, scan.statementStarts[i]);
    }
  });
}

/**
 * A statement the parser gives no span (`COMMIT`, `END`, …) fails at NO_POS (1:1); 1:1 belongs to
 * the first statement, so such a diagnostic moves to the start of its own statement.
 */
function placeAtStatement(e: unknown, start: Pos | undefined): unknown {
  if (!(e instanceof SqlError) || start === undefined) return e;
  const unplaced = (d: Diagnostic): boolean => d.line === NO_POS.line && d.column === NO_POS.column;
  if (!e.diagnostics.some(unplaced)) return e;
  return new SqlError(
    e.code,
    e.diagnostics.map((d) => (unplaced(d) ? { ...d, line: start.line, column: start.column } : d)),
  );
}
