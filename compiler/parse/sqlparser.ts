import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { NO_POS, type Pos, SqlError } from '../errors/sql-error.ts';

/**
 * The only module that touches the parser library (datafusion-sqlparser-rs in WASM). The library
 * needs its WASM instantiated once; a top-level await does it when this module loads, so `compile`
 * can stay synchronous.
 */
await init();

const DIALECT = 'generic';

/** Parses SQL text into the library's raw JSON statements. Throws `SQL_SYNTAX` with the position. */
export function parseRaw(sql: string): readonly unknown[] {
  try {
    return parse(sql, DIALECT) as unknown as readonly unknown[];
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const { pos, message } = splitParserMessage(text, sql);
    throw new SqlError('SQL_SYNTAX', [
      { line: pos.line, column: pos.column, message: `syntax error: ${message}`, hint: syntaxHint(message) },
    ]);
  }
}

/** sqlparser puts the position only in the text: `… at Line: 3, Column: 7`. */
export function splitParserMessage(text: string, sql: string): { pos: Pos; message: string } {
  let message = text.replace(/^sql parser error:\s*/i, '');
  const m = /\s*at Line: (\d+), Column: (\d+)\s*$/.exec(message);
  if (m) {
    message = message.slice(0, m.index);
    return { pos: { line: Number(m[1]), column: Number(m[2]) }, message };
  }
  // Errors at end of input carry no position: point past the last non-blank character.
  if (/EOF/.test(message)) return { pos: endOf(sql), message };
  return { pos: NO_POS, message };
}

function endOf(sql: string): Pos {
  const lines = sql.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { line: Math.max(1, lines.length), column: last.length + 1 };
}

function syntaxHint(message: string): string | null {
  if (/found: EOF/.test(message))
    return 'the statement ends too early; check for a missing expression or `)`';
  if (/Expected: end of statement/.test(message))
    return 'separate statements with `;` and check the clause order';
  if (/Expected: an expression/.test(message)) return 'an expression is missing here';
  return null;
}
