import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import { RETRACTABLE_AGGREGATES } from '../spec/aggregate-spec.ts';
import type { SinkSpec } from '../spec/pipeline-spec.ts';

const HINT =
  "read it with filters, projections and one GROUP BY without a window (count, sum, avg, count(DISTINCT …)), INSERT INTO a sink WITH (format = 'debezium_json')";

/** The plan nodes a node reads (its `input`, join sides, union branches). */
function children(node: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  for (const v of Object.values(node) as unknown[]) {
    const items = Array.isArray(v) ? (v as unknown[]) : [v];
    for (const x of items)
      if (typeof x === 'object' && x !== null && 'kind' in x && 'schema' in x) out.push(x as LogicalPlan);
  }
  return out;
}

const readsChangelog = (node: LogicalPlan): boolean =>
  node.kind === 'scan' ? node.source.format === 'debezium_json' : children(node).some(readsChangelog);

/**
 * A `debezium_json` source is a changelog (updating input): each row is a change. sluice carries
 * such changes through filters and projections (mapped side by side) and into one updating
 * aggregate (GROUP BY without a window) of retractable aggregates, then into a Debezium sink or the
 * preview; any other operator over it (join, window, UNION, min/max …) is refused at `pos`.
 */
export function checkChangelog(plan: LogicalPlan, sink: SinkSpec, pos: Pos): void {
  if (!readsChangelog(plan)) return;
  let node = plan;
  const skipStateless = () => {
    while (node.kind === 'project' || node.kind === 'filter') node = node.input;
  };
  skipStateless();
  if (node.kind === 'updating_aggregate') {
    const bad = node.aggregates.find((a) => !RETRACTABLE_AGGREGATES.includes(a.fn));
    if (bad !== undefined)
      throw sqlError(
        'SQL_UNSUPPORTED',
        pos,
        `${bad.fn.replace('_star', '(*)').replace('_distinct', '(DISTINCT)')} cannot take back the rows a debezium_json source updates or deletes`,
        `over a changelog use ${RETRACTABLE_AGGREGATES.filter((f) => f !== 'count_star' && f !== 'count_distinct').join(', ')} or count(DISTINCT …)`,
      );
    node = node.input;
    skipStateless();
  }
  if (node.kind !== 'scan')
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `this query reads a debezium_json source (a changelog of updates and deletes) through an operator (${node.kind.replace(/_/g, ' ')}) that is not supported over updating input yet`,
      HINT,
    );
  if (sink.kind !== 'preview' && sink.format !== 'debezium_json')
    throw sqlError(
      'SQL_INVALID',
      pos,
      `the debezium_json source ${node.source.table} is a changelog of updates and deletes, and the sink ${sink.table} is format '${sink.format}'`,
      `updates need a sink WITH (format = 'debezium_json')`,
    );
}
