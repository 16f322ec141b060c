/** Errors of `sluice dlq`, with stable codes. */
export class DlqError extends Error {
  constructor(
    readonly code: 'DLQ_REPLAY_UNSUPPORTED' | 'DLQ_STAGE_UNKNOWN' | 'DLQ_INPUT_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'DlqError';
  }
}
