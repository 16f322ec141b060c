import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import { renameUpdating } from '../logical/updating-aggregate-node.ts';
import type { SinkSpec } from '../spec/pipeline-spec.ts';
import { checkChangelog } from './changelog-guard.ts';
import type { Relation } from './scope.ts';

const UPDATING_HINT =
  "filter with HAVING and shape the columns in the aggregate's own SELECT, and INSERT it into a sink WITH (format = 'debezium_json')";

/** A relation another query may read: not an updating aggregate's changelog. */
export function readable(rel: Relation, pos: Pos): Relation {
  if (rel.updating === true)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'reading an updating aggregate (GROUP BY without a window) in another query is not supported',
      UPDATING_HINT,
    );
  return rel;
}

/**
 * Checks the plan an INSERT/SELECT writes: an updating aggregate's changes need a Debezium sink (or
 * the preview), and a sink's declared column names are folded into the aggregate's own projection.
 */
export function finishUpdating(plan: LogicalPlan, sink: SinkSpec, pos: Pos): LogicalPlan {
  checkChangelog(plan, sink, pos);
  let node = plan;
  let names: string[] | null = null;
  if (node.kind === 'project' && node.input.kind === 'updating_aggregate') {
    const inner = node.input;
    if (!node.columns.every((c, i) => c.expr.kind === 'column' && c.expr.name === inner.schema[i]?.name))
      throw new Error('finishUpdating: only a rename may follow an updating aggregate');
    names = node.columns.map((c) => c.name);
    node = inner;
  }
  if (node.kind !== 'updating_aggregate') return plan;
  if (sink.kind !== 'preview' && sink.format !== 'debezium_json')
    throw sqlError(
      'SQL_INVALID',
      pos,
      `GROUP BY without a window is an updating aggregate, and the sink ${sink.table} is format '${sink.format}'`,
      `updates need a sink WITH (format = 'debezium_json'), or add a window: GROUP BY tumble(interval '1 minute') AS window, …`,
    );
  return names === null ? node : renameUpdating(node, names);
}
