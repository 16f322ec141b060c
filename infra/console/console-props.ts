import type { Duration } from 'aws-cdk-lib';

/** What the console may do to the user's own source streams (kinesis `stream_name`). */
export type ConsoleUserStreams = 'read' | 'write';

/** Properties of the console of a pipeline stack (`PipelineStackProps.console`). */
export interface PipelineConsoleProps {
  /**
   * The console function's asset: `index.mjs` (the bundled console API), `ui/` and the pipeline's
   * `spec.json`. Build it with `prepareConsoleDir()`.
   */
  readonly assetDir: string;
  /** Memory of the console function, MB. @default 512 */
  readonly memorySize?: number;
  /**
   * Timeout of the console function. A rescale runs in an asynchronous invocation of the same
   * function, so this also bounds a rescale (several UpdateShardCount calls and their waits).
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;
  /**
   * Your own source streams: `read` shows their shards and lag only; `write` also lets the console
   * rescale them (UpdateShardCount) and replay dead letters into them (PutRecords).
   * @default 'read'
   */
  readonly userStreams?: ConsoleUserStreams;
}

export { consoleFunctionName } from '../../compiler/spec/index.ts';
