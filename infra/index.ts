export { type RunCdkOptions, runCdk } from './cdk-cli.ts';
export { type PrepareConsoleDirOptions, prepareConsoleDir } from './console/console-asset.ts';
export { type ConsoleGrantsOptions, consoleStatements } from './console/console-grants.ts';
export {
  type ConsoleUserStreams,
  consoleFunctionName,
  type PipelineConsoleProps,
} from './console/console-props.ts';
export { ConsoleAssetError } from './console/errors.ts';
export { PipelineConsole, type PipelineConsoleConstructProps } from './console/pipeline-console.ts';
export {
  CdkCliError,
  CloudConnectorError,
  GrantScopeError,
  HandlerBundleError,
  InfraError,
  PipelinePropsError,
} from './errors.ts';
export { FailedRecords } from './failed-records.ts';
export * from './grants.ts';
export { type PrepareHandlerDirOptions, prepareHandlerDir } from './handler-dir.ts';
export { clockFunctionName, Pipeline } from './pipeline.ts';
export {
  DEAD_LETTER_METRIC,
  PipelineMonitoring,
  type PipelineMonitoringProps,
} from './pipeline-monitoring.ts';
export type { AlarmSettings, MappingSettings, PipelineProps } from './pipeline-props.ts';
export { pipelineNameOf } from './pipeline-source.ts';
export { PipelineStack, type PipelineStackProps, stackNameFor } from './pipeline-stack.ts';
export { SluiceFunction, type SluiceFunctionProps } from './sluice-function.ts';
export { StageFunction, type StageFunctionProps } from './stage-function.ts';
export * from './stage-streams.ts';
export { formatResources, type ResourceSummary, summarizeTemplate } from './summarize.ts';
export {
  type CfnTemplate,
  type SynthPipelineOptions,
  type SynthPipelineResult,
  synthPipeline,
} from './synth.ts';
