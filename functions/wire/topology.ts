import {
  eventSourceLabel,
  isPreviewSink,
  type PipelineSpec,
  resourceNames,
  type StageSpec,
  userSinkStream,
  userSourceStream,
} from '../../compiler/spec/index.ts';
import { ConfigError } from '../errors.ts';

/**
 * A stream a stage touches: one of the pipeline's own internal streams (by spec stream id), or a
 * user's stream (a kinesis connector's `streamName`, a name or an ARN), which sluice never creates.
 */
export type StreamRef =
  | { readonly kind: 'internal'; readonly id: string }
  | { readonly kind: 'external'; readonly nameOrArn: string };

/** The stream a stage reads (its event source mapping); none for a Kafka source, which reads a topic. */
export function stageInputStream(stage: StageSpec): StreamRef | undefined {
  const input = stage.input;
  if (input.kind === 'source' && eventSourceLabel(input.source) !== undefined) return undefined;
  const user = input.kind === 'source' ? userSourceStream(input.source) : undefined;
  return user !== undefined ? { kind: 'external', nameOrArn: user } : { kind: 'internal', id: input.stream };
}

/** The stream a stage writes, if any (`single_file`, `filesystem` and `kafka` sinks write elsewhere). */
export function stageOutputStream(stage: StageSpec): StreamRef | undefined {
  const out = stage.output;
  if (out.kind === 'shuffle') return { kind: 'internal', id: out.stream };
  if (isPreviewSink(out.sink)) return { kind: 'internal', id: out.sink.stream };
  const user = userSinkStream(out.sink);
  return user === undefined ? undefined : { kind: 'external', nameOrArn: user };
}

/** The physical name of a stream of pipeline `spec` (a user's stream as its connector names it). */
const physicalName = (spec: PipelineSpec, ref: StreamRef): string =>
  ref.kind === 'internal' ? resourceNames.stream(spec.name, ref.id) : ref.nameOrArn;

/** Physical name of the stream a stage reads. */
export function inputStreamName(spec: PipelineSpec, stage: StageSpec): string {
  const input = stage.input;
  if (input.kind === 'source') {
    const label = eventSourceLabel(input.source);
    if (label !== undefined) return label;
  }
  return physicalName(spec, stageInputStream(stage) ?? { kind: 'internal', id: input.stream });
}

export function stageById(spec: PipelineSpec, stageId: string): StageSpec {
  const stage = spec.stages.find((s) => s.id === stageId);
  if (!stage) {
    throw new ConfigError(
      `stage '${stageId}' is not in pipeline '${spec.name}' (${spec.stages.map((s) => s.id).join(', ')})`,
    );
  }
  return stage;
}

/** Stages reading the stream `stage` writes (its shuffle consumers). */
const consumersOf = (spec: PipelineSpec, stageId: string): StageSpec[] =>
  spec.stages.filter((s) => s.input.kind === 'edge' && s.input.from.includes(stageId));

/** Stages `stage` reads from, transitively, itself included. */
function upstreamOf(spec: PipelineSpec, stage: StageSpec, seen = new Set<string>()): StageSpec[] {
  if (seen.has(stage.id)) return [];
  seen.add(stage.id);
  const from = stage.input.kind === 'edge' ? stage.input.from : [];
  return [stage, ...from.flatMap((id) => upstreamOf(spec, stageById(spec, id), seen))];
}

/**
 * Whether a source stage drops late rows itself. True when it or any stage downstream keeps
 * event-time windows. Deciding lateness at the source, per input record, makes it independent of
 * batch boundaries; downstream then never sees a late row (docs/internals.md "Watermarks").
 */
export function sourceDropsLate(spec: PipelineSpec, stage: StageSpec): boolean {
  const seen = new Set<string>();
  const walk = (s: StageSpec): boolean => {
    if (seen.has(s.id)) return false;
    seen.add(s.id);
    if (s.operators.some((o) => o.kind !== 'filter' && o.kind !== 'project')) return true;
    return consumersOf(spec, s.id).some(walk);
  };
  return walk(stage);
}

/** bad_data of a stage: its source's, or for an edge stage 'fail' if any upstream source says so. */
export function badDataOf(spec: PipelineSpec, stage: StageSpec): 'fail' | 'drop' {
  const sources = upstreamOf(spec, stage).flatMap((s) => (s.input.kind === 'source' ? [s.input.source] : []));
  return sources.some((s) => s.badData === 'fail') ? 'fail' : 'drop';
}

/** Where an output row of a stage goes, by output physical stream name. */
export function outputStreamName(spec: PipelineSpec, stage: StageSpec): string | undefined {
  const ref = stageOutputStream(stage);
  return ref && physicalName(spec, ref);
}
