/** Error codes of live rescale; stable, so the console and scripts can branch on them. */
export type RescaleErrorCode =
  | 'RESCALE_INVALID_TARGET'
  | 'RESCALE_LIMIT'
  | 'RESCALE_UNKNOWN_STAGE'
  | 'RESCALE_UNKNOWN_PIPELINE'
  | 'RESCALE_BUSY'
  | 'RESCALE_FAILED';

export class RescaleError extends Error {
  constructor(
    readonly code: RescaleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RescaleError';
  }
}
