/** Stable error codes of the console API; the HTTP status travels with each. */
export type ConsoleErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'PIPELINE_NOT_FOUND'
  | 'STAGE_NOT_FOUND'
  | 'PIPELINE_EXISTS'
  | 'PREVIEW_NOT_FOUND'
  | 'PREVIEW_NEEDS_SELECT'
  | 'NOT_SUPPORTED'
  | 'SQL_ERROR'
  | 'INTERNAL';

export class ConsoleError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}
