import { ParserFaultError } from '../errors/parser-fault-error.ts';
import { NO_POS, type Pos, SqlError } from '../errors/sql-error.ts';
import { type LimitScan, posAt } from './limits.ts';
import { wasmParse } from './wasm-parser.ts';

/**
 * The parser library's results as sluice errors. `scan` (the limits scan of the same text) places
 * the library's errors that carry no position: "recursion limit exceeded" at the deepest nesting,
 * others at the token where a shortest failing prefix ends. Call it through `parseSql`, whose
 * limits keep inputs the library cannot survive away from it.
 */
export function parseRaw(
  sql: string,
  scan: Pick<LimitScan, 'deepest' | 'tokenSpans'> | null = null,
): readonly unknown[] {
  const r = wasmParse(sql);
  switch (r.kind) {
    case 'ok':
      return r.statements;
    case 'fault':
      throw new ParserFaultError(r.detail);
    case 'error': {
      const split = splitParserMessage(r.message, sql);
      const { message } = split;
      if (/recursion limit exceeded/.test(message))
        throw new SqlError('SQL_SYNTAX', [
          {
            ...(scan?.deepest ?? split.pos),
            message: 'the SQL nests too deeply for the parser here (its recursion limit)',
            hint: 'flatten the nesting: fewer parentheses, nested calls or subqueries; move parts into a view (CREATE VIEW …)',
          },
        ]);
      const pos =
        split.placed || scan === null ? split.pos : (locate(sql, r.message, scan.tokenSpans) ?? split.pos);
      throw new SqlError('SQL_SYNTAX', [
        {
          line: pos.line,
          column: pos.column,
          message: `syntax error: ${message}`,
          hint: syntaxHint(message),
        },
      ]);
    }
    default:
      return r satisfies never;
  }
}

/**
 * sqlparser puts the position only in the text: `… at Line: 3, Column: 7`. `placed` is false when
 * the text has none (NO_POS then).
 */
export function splitParserMessage(
  text: string,
  sql: string,
): { pos: Pos; message: string; placed: boolean } {
  let message = text.replace(/^sql parser error:\s*/i, '');
  const m = /\s*at Line: (\d+), Column: (\d+)\s*$/.exec(message);
  if (m) {
    message = message.slice(0, m.index);
    return { pos: { line: Number(m[1]), column: Number(m[2]) }, message, placed: true };
  }
  // Errors at end of input carry no position: point past the last non-blank character.
  if (/EOF/.test(message)) return { pos: endOf(sql), message, placed: true };
  return { pos: NO_POS, message, placed: false };
}

/**
 * Where a position-less parse error happens: the last token of the shortest token prefix of `sql`
 * that fails with the same message (binary search, about log2(tokens) parses of prefixes).
 */
function locate(sql: string, message: string, spans: readonly (readonly [number, number])[]): Pos | null {
  const fails = (k: number): boolean => {
    const r = wasmParse(sql.slice(0, spans[k]?.[1] ?? sql.length));
    return r.kind === 'error' && r.message === message;
  };
  let lo = 0;
  let hi = spans.length - 1;
  if (hi < 0 || !fails(hi)) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return posAt(sql, spans[hi]?.[0] ?? 0);
}

/** Just past the last non-blank character: where a statement that is missing would go. */
export function endOf(sql: string): Pos {
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
