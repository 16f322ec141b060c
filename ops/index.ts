/**
 * The control plane: everything the faces do to a pipeline, in one room. `cli/` (the `sluice`
 * command) and `console/` (the web console, local and deployed) are thin faces over this door;
 * `infra/` reads bundling, pipeline loading and the state-table partitions it grants from it.
 * Heavy dependencies (esbuild, the CDK synth, the local stack's deploy) load on first use, so a
 * face that imports this door pays only for what it runs, and the console function's esbuild
 * bundle keeps none of them (test/unit/console/console-bundle.test.ts).
 */

// Loading a pipeline (SQL + TypeScript UDFs) and bundling Lambda code
export { buildUi, UI_FILES, type UiAssets } from './bundle/build-ui.ts';
export { bundleHandler, bundleHandlerSync, handlerZip, sourceExt } from './bundle/bundle-handler.ts';
export { bundleLambda, type LambdaEntry } from './bundle/bundle-lambda.ts';
export type { DeployTuning } from './chaos/deploy-tuning.ts';
export { type ChaosReport, formatChaosReport, RunChaos, type RunChaosOptions } from './chaos/run-chaos.ts';
// Dead letters: list (functions/state) and replay
export { localizeCloudPositions } from './dlq/cloud-positions.ts';
export { DlqError } from './dlq/dlq-errors.ts';
export { type ReplayOptions, type ReplayOutcome, replayDeadLetters } from './dlq/dlq-replay.ts';
// Errors the faces map to exit codes and HTTP statuses
export { RegistryError, type RegistryErrorCode, UsageError } from './errors.ts';
export { loadPipeline, PARALLELISM, pipelineNameFor } from './load-pipeline.ts';
// The pipeline registry and status reading
export {
  findStage,
  listPipelineNames,
  loadPipelineRef,
  type PipelineRef,
  registerPipeline,
  type StageRef,
  stagesOf,
} from './registry/pipeline-registry.ts';
// Rescale
export { DEFAULT_ENDPOINT, explainConnection, resolveEndpoint } from './rescale/endpoint.ts';
export { RescaleError, type RescaleErrorCode } from './rescale/errors.ts';
export { type Allowance, allowance, checkAllowance, planRescale, type RescalePlan } from './rescale/plan.ts';
export { CONSOLE_JOB_PK, RESCALE_PK } from './rescale/rescale-log.ts';
export {
  planFor,
  type RescaleOptions,
  type RescaleProgress,
  runRescale,
} from './rescale/run-rescale.ts';
// Running a pipeline on the embedded local stack
export { keepRunning } from './session/keep-running.ts';
export {
  type DeadLetterInfo,
  PipelineSession,
  type SessionOptions,
  type SinkResult,
} from './session/pipeline-session.ts';
export { startStack, type UsageTotals } from './session/start-stack.ts';
export {
  BadDataError,
  PipelineMonitor,
  type PipelineProgress,
  type StageProgress,
} from './status/monitor.ts';
export {
  listAllShards,
  type PipelineState,
  type PipelineStatus,
  readPipelineStatus,
  type ShardStatus,
  type StageCounters,
  type StageStatus,
} from './status/read-status.ts';
export { discoverUdfFiles, readUdfFiles, UDF_DIR } from './udf/discover-udfs.ts';
