import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { SinkSpec } from '../spec/pipeline-spec.ts';

const HINT =
  "read it with filters and projections only (SELECT … FROM it WHERE …), INSERT INTO a sink WITH (format = 'debezium_json')";

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
 * such changes through filters and projections (mapped side by side) into a Debezium sink or the
 * preview; any other operator over it (aggregate, join, window, UNION …) is refused at `pos`.
 */
export function checkChangelog(plan: LogicalPlan, sink: SinkSpec, pos: Pos): void {
  if (!readsChangelog(plan)) return;
  let node = plan;
  while (node.kind === 'project' || node.kind === 'filter') node = node.input;
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
