/** Stable error codes of reading TypeScript UDF modules. */
export type UdfErrorCode =
  /** A parameter or result type sluice cannot map to SQL. */
  | 'UDF_UNSUPPORTED_TYPE'
  /** A signature sluice refuses (no annotation, generics, optional or rest parameters, …). */
  | 'UDF_INVALID_SIGNATURE'
  /** The `config` export is not a literal sluice can read. */
  | 'UDF_INVALID_CONFIG'
  /** Two UDFs with one SQL name, or a UDF named like a built-in function. */
  | 'UDF_NAME_CONFLICT'
  /** A UDF file that cannot be read or holds no UDF. */
  | 'UDF_FILE';

/** Where in a UDF module, 1-based. */
export interface UdfPos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * An error in a TypeScript UDF module, positioned at `file:line:column` of the TypeScript source;
 * `format()` prints it as the SQL compiler's errors are printed (line, caret, hint).
 */
export class UdfError extends Error {
  constructor(
    readonly code: UdfErrorCode,
    readonly pos: UdfPos,
    readonly problem: string,
    readonly hint: string,
    readonly sourceLine: string | undefined = undefined,
  ) {
    super(`${pos.file}:${pos.line}:${pos.column}: ${problem}`);
    this.name = 'UdfError';
  }

  format(): string {
    const { file, line, column } = this.pos;
    const out = [`${file}:${line}:${column}: error: ${this.problem}`];
    if (this.sourceLine !== undefined) {
      const gutter = `${line} | `;
      out.push(`${gutter}${this.sourceLine}`, `${' '.repeat(gutter.length + Math.max(0, column - 1))}^`);
    }
    out.push(`  hint: ${this.hint}`);
    return out.join('\n');
  }
}
