import { InfraError } from '../errors.ts';

/** The console function's asset directory is missing or holds another pipeline. */
export class ConsoleAssetError extends InfraError {
  constructor(message: string) {
    super('CONSOLE_ASSET_MISSING', message);
  }
}
