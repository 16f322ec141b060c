/**
 * Errors of the control plane that its faces map: the CLI to exit codes (cli/errors.ts: a user
 * error exits 2), the console API to HTTP statuses (console/api/handler.ts). Codes are stable.
 */

/** What the user gave us is wrong (a flag, a path, a file). The CLI exits 2. */
export class UsageError extends Error {
  readonly code = 'CLI_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type RegistryErrorCode = 'PIPELINE_NOT_FOUND' | 'STAGE_NOT_FOUND';

/** A pipeline or stage the registry does not know; the console answers 404. */
export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
