import { SluiceRuntimeError } from '../errors.ts';

/** Where a chaos crash hits an invocation. */
export type CrashPoint = 'before-emit' | 'mid-emit' | 'after-emit' | 'after-commit';

/**
 * An injected crash (`sluice run --chaos`): thrown by a chaos seam, it fails the invocation as any
 * runtime crash would, so the event source mapping retries (bisecting, as configured).
 */
export class ChaosCrash extends SluiceRuntimeError {
  readonly code = 'CHAOS_CRASH';
  constructor(
    readonly point: CrashPoint,
    readonly stageId: string,
    readonly shardId: string,
  ) {
    super('ChaosCrash', `chaos: crash ${point} in ${stageId}/${shardId}`);
  }
}
