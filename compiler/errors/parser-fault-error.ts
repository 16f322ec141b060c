/**
 * The SQL parser module itself failed (a WebAssembly trap, a stack overflow, anything that is not a
 * parse error). Not a diagnostic: the position is unknown. The parser has been re-created by the
 * time this is thrown, so the next compile works. Exit code 1 (an internal error, not the user's).
 */
export class ParserFaultError extends Error {
  readonly code = 'PARSER_FAULT' as const;
  constructor(readonly detail: string) {
    super(
      `internal error: the SQL parser failed on this input (${detail}); position unknown. ` +
        'The parser was restarted. If the SQL holds a very large or deeply nested expression, ' +
        'split it into a view (CREATE VIEW …) or shorter expressions, and report the input as a bug.',
    );
    this.name = 'ParserFaultError';
  }
}
