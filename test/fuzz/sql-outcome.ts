import { compile, SqlError } from '../../compiler/index.ts';

/** What one compile of a fuzzed SQL text came to. */
export type Outcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'diagnostic'; readonly code: string; readonly at: string; readonly message: string }
  /** Anything else: a non-diagnostic exception, or a diagnostic without a real position. */
  | { readonly kind: 'internal'; readonly error: string };

/** Compiles and classifies: success, a diagnostic at a real line:column, or internal. */
export function compileOutcome(sql: string, baseDir: string): Outcome {
  try {
    compile(sql, { name: 'fuzz', baseDir });
    return { kind: 'success' };
  } catch (e) {
    if (!(e instanceof SqlError)) {
      const err = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
      return { kind: 'internal', error: err.slice(0, 2000) };
    }
    const d = e.diagnostics[0];
    if (d === undefined) return { kind: 'internal', error: `SqlError ${e.code} with no diagnostic` };
    for (const x of e.diagnostics) {
      const bad = positionProblem(sql, x.line, x.column);
      if (bad !== null)
        return { kind: 'internal', error: `${e.code} ${x.line}:${x.column}: ${x.message} — ${bad}` };
      if (x.message.trim() === '' || x.message.includes('[object Object]'))
        return {
          kind: 'internal',
          error: `${e.code} ${x.line}:${x.column}: unreadable message '${x.message}'`,
        };
    }
    return { kind: 'diagnostic', code: e.code, at: `${d.line}:${d.column}`, message: d.message };
  }
}

/**
 * Null if line:column is a real place in `sql` (a column up to one past the line's end; lines split
 * at \n, as the parser and the CLI's source excerpt do), else why not. 1:1 counts only where the
 * text really starts with a token (or has none at all): the position-less errors used to land there.
 */
export function positionProblem(sql: string, line: number, column: number): string | null {
  const text = sql.startsWith('\uFEFF') ? sql.slice(1) : sql;
  const lines = text.split('\n');
  if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return 'not a position';
  const src = lines[line - 1];
  if (src === undefined) return `line ${line} is past the last line (${lines.length})`;
  if (column > src.length + 1)
    return `column ${column} is past the end of line ${line} (${src.length} characters)`;
  if (
    line === 1 &&
    column === 1 &&
    (/^\s/.test(text) || text.startsWith('--') || text.startsWith('/*')) &&
    text.trim() !== ''
  )
    return 'reported at 1:1, where the text has no token';
  return null;
}
