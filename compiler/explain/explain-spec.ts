import { sinkDeclaration, sourceDeclaration } from '../connectors/index.ts';
import { formatInterval } from '../parse/interval.ts';
import type { OperatorSpec, PipelineSpec, SinkSpec, SourceSpec, StageSpec } from '../spec/pipeline-spec.ts';
import type { UdfSpec } from '../spec/udf-spec.ts';
import { explainJoin } from './explain-join.ts';
import { explainTopNUpdatingUnnest, renderAggregate, renderWindow } from './explain-operators.ts';
import { renderExpr } from './render-expr.ts';

function source(s: SourceSpec): string {
  const where = sourceDeclaration(s).describe(s);
  const et = s.eventTime;
  const time =
    et === null
      ? 'no event time'
      : `event time ${et.field}${et.delayMs > 0 ? ` - ${formatInterval(et.delayMs)}` : ' (no delay)'}`;
  const guard = s.maxFutureMs === null ? '' : `, max_future ${formatInterval(s.maxFutureMs)}`;
  const virtual = (s.virtual ?? []).map((v) => `, virtual ${v.name} = ${renderExpr(v.expr)}`).join('');
  return `source ${s.table}: ${where}, format ${s.format}, bad_data ${s.badData}, ${time}${guard}${virtual}`;
}

const sink = (s: SinkSpec): string => sinkDeclaration(s).describe(s);

function operator(op: OperatorSpec): string[] {
  switch (op.kind) {
    case 'filter':
      return [`filter ${renderExpr(op.predicate)}`];
    case 'project':
      return [
        `project ${op.columns.map((c) => (c.expr.kind === 'column' && c.expr.name === c.name ? c.name : `${renderExpr(c.expr)} AS ${c.name}`)).join(', ')}`,
      ];
    case 'window_aggregate': {
      const aggs = op.aggregates.map(renderAggregate);
      return [
        `window_aggregate ${renderWindow(op.window)} keys (${op.keys.join(', ')})`,
        `  aggregates ${aggs.join(', ')}`,
        `  window ${op.windowStartColumn}, ${op.windowEndColumn}`,
      ];
    }
    case 'window_join':
    case 'updating_join':
      return explainJoin(op);
    case 'top_n':
    case 'updating_aggregate':
    case 'unnest':
      return explainTopNUpdatingUnnest(op);
    default: {
      const never: never = op;
      return never;
    }
  }
}

function stage(s: StageSpec): string[] {
  const lines = [`stage ${s.id} (parallelism ${s.parallelism}): ${s.label}`];
  lines.push(
    s.input.kind === 'source'
      ? `  input  ${source(s.input.source)} via ${s.input.stream}`
      : `  input  edge ${s.input.stream} from ${s.input.from.join(', ')}`,
  );
  for (const op of s.operators) for (const l of operator(op)) lines.push(`  ${l}`);
  lines.push(
    s.output.kind === 'shuffle'
      ? `  output shuffle to ${s.output.stream} by (${s.output.keyBy.join(', ')})`
      : `  output ${sink(s.output.sink)}`,
  );
  lines.push(
    `  schema ${s.schema.map((f) => `${f.name} ${f.type}${f.nullable ? '' : ' not null'}`).join(', ')}`,
  );
  return lines;
}

/** A readable listing of a pipeline: streams, then each stage's input, operators and output. */
export function explainSpec(spec: PipelineSpec): string {
  const lines = [
    `pipeline ${spec.name}: ${spec.stages.length} stage${spec.stages.length === 1 ? '' : 's'}, ${spec.keyGroups} key groups`,
  ];
  lines.push('streams');
  if (spec.streams.length === 0) lines.push('  (none)');
  for (const s of spec.streams)
    lines.push(`  ${s.id} (${s.kind}, ${s.shards} shard${s.shards === 1 ? '' : 's'})`);
  for (const s of spec.stages) lines.push(...stage(s));
  if (spec.udfs !== undefined && spec.udfs.length > 0) {
    lines.push('udfs');
    for (const u of spec.udfs) lines.push(`  ${udfLine(u)}`);
  }
  return lines.join('\n');
}

function udfLine(u: UdfSpec): string {
  const t = (v: UdfSpec['returns']): string => `${v.type}${v.nullable ? ' null' : ''}`;
  const params = u.params.map((p) => `${p.name} ${t(p.type)}`).join(', ');
  const how = u.async ? `async, concurrency ${u.async.concurrency}, timeout ${u.async.timeoutMs} ms` : u.kind;
  return `${u.name}(${params}) → ${t(u.returns)} (${how}) from ${u.module}`;
}
