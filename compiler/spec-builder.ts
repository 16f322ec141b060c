import { eventSourceLabel, isPreviewSink, sinkTableOf, userSourceStream } from './connectors/index.ts';
import type { PhysicalStage } from './physical/stages.ts';
import {
  type OperatorSpec,
  type PipelineSpec,
  parsePipelineSpec,
  SPEC_VERSION,
  type StageSpec,
  type StreamSpec,
} from './spec/pipeline-spec.ts';
import type { UdfSpec } from './spec/udf-spec.ts';

export interface BuildOptions {
  readonly name: string;
  readonly parallelism: number;
  readonly sql: string;
  readonly keyGroups?: number;
  /** The UDFs the pipeline calls; recorded only when there are any. */
  readonly udfs?: readonly UdfSpec[];
}

const streamId = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-');

function label(stage: PhysicalStage): string {
  const parts: string[] = [];
  parts.push(
    stage.input.kind === 'source'
      ? `source ${stage.input.source.table}`
      : `edge from ${stage.input.from.join(', ')}`,
  );
  for (const op of stage.operators) parts.push(opLabel(op));
  parts.push(
    stage.output.kind === 'shuffle' ? `shuffle by ${stage.output.keyBy.join(', ')}` : sinkLabel(stage),
  );
  return parts.join(' → ');
}

function opLabel(op: OperatorSpec): string {
  switch (op.kind) {
    case 'filter':
    case 'project':
      return op.kind;
    case 'window_aggregate':
      return `${op.window.kind} window aggregate`;
    case 'top_n':
      return `top ${op.limit ?? 'n'} by ${op.fn}`;
    case 'updating_aggregate':
      return 'updating aggregate';
    case 'unnest':
      return 'unnest';
    case 'window_join':
      return `${op.joinType} window join`;
    case 'updating_join':
      return `${op.joinType} updating join`;
    default: {
      const never: never = op;
      return never;
    }
  }
}

function sinkLabel(stage: PhysicalStage): string {
  if (stage.output.kind !== 'sink') return '';
  const table = sinkTableOf(stage.output.sink);
  return table === undefined ? 'preview' : `sink ${table}`;
}

/** Physical stages → a validated PipelineSpec with its internal streams. */
export function buildSpec(stages: readonly PhysicalStage[], opts: BuildOptions): PipelineSpec {
  const streams: StreamSpec[] = [];
  const p = opts.parallelism;
  const specStages: StageSpec[] = stages.map((stage, i) => {
    let input: StageSpec['input'];
    // A Debezium changelog keeps each key's changes in order only on one shard: its ingest stream
    // and source stage have one shard (the ingest routes chunks round-robin, not by key). A Kinesis
    // source keeps its own shards (Debezium's producers partition by key).
    const changelog =
      stage.input.kind === 'source' &&
      stage.input.source.format === 'debezium_json' &&
      userSourceStream(stage.input.source) === undefined;
    const stageP = changelog ? 1 : p;
    if (stage.input.kind === 'source') {
      const source = stage.input.source;
      const user = userSourceStream(source);
      const label = eventSourceLabel(source);
      if (label !== undefined) input = { kind: 'source', source, stream: label };
      else if (user === undefined) {
        const id = `ingest-${streamId(source.table)}`;
        streams.push({ id, kind: 'ingest', shards: stageP });
        input = { kind: 'source', source, stream: id };
      } else input = { kind: 'source', source, stream: user };
    } else input = { kind: 'edge', stream: `edge-${stage.id}`, from: [...stage.input.from] };
    let output: StageSpec['output'];
    if (stage.output.kind === 'shuffle') {
      // The stage reading this one: the next, or (for a join input) the join stage.
      const next =
        stages.find((s) => s.input.kind === 'edge' && s.input.from.includes(stage.id)) ?? stages[i + 1];
      const id = `edge-${next?.id ?? `s${i + 2}`}`;
      streams.push({ id, kind: 'edge', shards: p });
      output = { kind: 'shuffle', stream: id, keyBy: [...stage.output.keyBy] };
    } else {
      const sink = stage.output.sink;
      if (isPreviewSink(sink)) streams.push({ id: sink.stream, kind: 'preview', shards: 1 });
      output = { kind: 'sink', sink };
    }
    return {
      id: stage.id,
      label: label(stage),
      parallelism: stageP,
      input,
      operators: [...stage.operators],
      output,
      schema: [...stage.schema],
    };
  });
  return parsePipelineSpec({
    version: SPEC_VERSION,
    name: opts.name,
    keyGroups: opts.keyGroups ?? 256,
    // A join's inputs write one edge stream; a table read twice has one ingest stream.
    streams: streams.filter((s, i) => streams.findIndex((t) => t.id === s.id) === i),
    stages: specStages,
    sql: opts.sql,
    ...(opts.udfs !== undefined && opts.udfs.length > 0 ? { udfs: [...opts.udfs] } : {}),
  });
}
