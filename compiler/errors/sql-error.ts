/** Stable error codes of the SQL compiler. */
export type SqlErrorCode =
  | 'SQL_SYNTAX'
  | 'SQL_UNKNOWN_TABLE'
  | 'SQL_UNKNOWN_COLUMN'
  | 'SQL_TYPE_MISMATCH'
  | 'SQL_UNSUPPORTED'
  | 'SQL_INVALID_OPTION'
  | 'SQL_INVALID';

/** A 1-based source position. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export const NO_POS: Pos = { line: 1, column: 1 };

export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint: string | null;
}

export interface SourceContext {
  readonly sql: string;
  readonly file: string | undefined;
}

/** A compile error with one or more positioned diagnostics. */
export class SqlError extends Error {
  constructor(
    readonly code: SqlErrorCode,
    readonly diagnostics: readonly Diagnostic[],
    readonly context: SourceContext | null = null,
  ) {
    super(diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
    this.name = 'SqlError';
  }

  /** A copy of this error that knows the source text, for `format()`. */
  withContext(sql: string, file: string | undefined): SqlError {
    return new SqlError(this.code, this.diagnostics, { sql, file });
  }

  /** `file:line:col: error: message`, then `  hint: …`, the source line and a caret. */
  format(): string {
    const file = this.context?.file ?? '<sql>';
    const lines = this.context?.sql.split(/\r?\n/) ?? [];
    const out: string[] = [];
    for (const d of this.diagnostics) {
      out.push(`${file}:${d.line}:${d.column}: error: ${d.message}`);
      const src = lines[d.line - 1];
      if (src !== undefined) {
        const gutter = `${d.line} | `;
        out.push(`${gutter}${src}`);
        out.push(`${' '.repeat(gutter.length + Math.max(0, d.column - 1))}^`);
      }
      if (d.hint !== null) out.push(`  hint: ${d.hint}`);
    }
    return out.join('\n');
  }
}

/** Throws a single-diagnostic SqlError. */
export function sqlError(
  code: SqlErrorCode,
  pos: Pos,
  message: string,
  hint: string | null = null,
): SqlError {
  return new SqlError(code, [{ line: pos.line, column: pos.column, message, hint }]);
}

/** Throws `<what> is not supported yet` (SQL_UNSUPPORTED) at `pos`, with `hint`. */
export function unsupported(pos: Pos, what: string, hint: string): never {
  throw sqlError('SQL_UNSUPPORTED', pos, `${what} is not supported yet`, hint);
}
