import { plainRowsSink } from '../connectors/index.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import { renameUpdating } from '../logical/updating-aggregate-node.ts';
import type { SinkSpec } from '../spec/pipeline-spec.ts';
import { checkChangelog } from './changelog-guard.ts';
import type { Relation } from './scope.ts';

const UPDATING_HINT =
  "filter with HAVING and shape the columns in the aggregate's own SELECT, and INSERT it into a sink WITH (format = 'debezium_json')";

/**
 * A relation another query reads. An updating aggregate's changelog may be read by filters,
 * projections and another updating aggregate (changelog-guard.ts checks the whole chain), as
 * Arroyo's nested updating aggregates; a JOIN side (`inJoin`) may not.
 */
export function readable(rel: Relation, pos: Pos, inJoin = false): Relation {
  if (rel.updating === true && inJoin)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      'a JOIN reading an updating aggregate (GROUP BY without a window) is not supported',
      UPDATING_HINT,
    );
  return rel;
}

/** Refuses a window, OVER or UNNEST query reading an updating aggregate's changelog, at `pos`. */
export function refuseOverUpdating(rel: Relation, what: string, pos: Pos): void {
  if (rel.updating === true)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `${what} over an updating aggregate (GROUP BY without a window) is not supported: its rows are updated and retracted`,
      'read it with filters, projections and a GROUP BY without a window (count, sum, avg, count(DISTINCT …)), or window the inner aggregate',
    );
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
  const plain = plainRowsSink(sink);
  if (plain !== undefined)
    throw sqlError(
      'SQL_INVALID',
      pos,
      `GROUP BY without a window is an updating aggregate, and the sink ${plain.table} is format '${plain.format}'`,
      `updates need a sink WITH (format = 'debezium_json'), or add a window: GROUP BY tumble(interval '1 minute') AS window, …`,
    );
  return names === null ? node : renameUpdating(node, names);
}
