import { type PipelineSpec, resourceNames, type StageSpec } from '../compiler/spec/index.ts';

/** The physical name of the stream a stage reads. A kinesis source reads the user's stream. */
export function inputStreamName(spec: PipelineSpec, stage: StageSpec): string {
  const input = stage.input;
  if (input.kind === 'source' && input.source.kind === 'kinesis') return input.source.streamName;
  return resourceNames.stream(spec.name, input.stream);
}
