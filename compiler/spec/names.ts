/** Physical resource names derived from a pipeline name. Shared by infra, local stack, runtime and CLI. */
export const resourceNames = {
  table: (pipeline: string): string => `sluice-${pipeline}`,
  stream: (pipeline: string, streamId: string): string => `sluice-${pipeline}-${streamId}`,
  function: (pipeline: string, stageId: string): string => `sluice-${pipeline}-${stageId}`,
};

/** Physical name of a pipeline's console function: `sluice-<pipeline>-console`. */
export const consoleFunctionName = (pipeline: string): string => `sluice-${pipeline}-console`;
