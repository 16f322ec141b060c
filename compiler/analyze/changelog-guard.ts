import { plainRowsSink } from '../connectors/index.ts';
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

/** What makes a changelog: a debezium_json source, or an updating aggregate. */
type Origin = 'debezium' | 'updating';

const FROM: Record<Origin, string> = {
  debezium: 'a debezium_json source (a changelog of updates and deletes)',
  updating: 'an updating aggregate (GROUP BY without a window), whose rows are updated and retracted',
};

const fnName = (fn: string): string => fn.replace('_star', '(*)').replace('_distinct', '(DISTINCT)');

/**
 * The changelog `node` emits (null: plain rows), checking every operator over one: only filters,
 * projections (mapped side by side) and updating aggregates of retractable aggregates, which take a
 * retraction back out, may read a changelog; anything else (join, window, UNION, min/max …) is
 * refused at `pos`.
 */
function changelogOf(node: LogicalPlan, pos: Pos): Origin | null {
  if (node.kind === 'scan') return node.source.format === 'debezium_json' ? 'debezium' : null;
  const ins = children(node).map((c) => changelogOf(c, pos));
  const origin = ins.find((o) => o !== null) ?? null;
  if (origin === null) return node.kind === 'updating_aggregate' ? 'updating' : null;
  if (node.kind === 'project' || node.kind === 'filter') return origin;
  if (node.kind !== 'updating_aggregate')
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `this query reads ${FROM[origin]} through an operator (${node.kind.replace(/_/g, ' ')}) that is not supported over updating input yet`,
      HINT,
    );
  const bad = node.aggregates.find((a) => !RETRACTABLE_AGGREGATES.includes(a.fn));
  if (bad !== undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `${fnName(bad.fn)} cannot take back the rows ${origin === 'debezium' ? 'a debezium_json source updates or deletes' : 'an updating aggregate updates or retracts'}`,
      `over a changelog use ${RETRACTABLE_AGGREGATES.filter((f) => f !== 'count_star' && f !== 'count_distinct').join(', ')} or count(DISTINCT …)`,
    );
  return 'updating';
}

/**
 * A `debezium_json` source or an updating aggregate read by another query is a changelog (updating
 * input): each row is a change. sluice carries such changes through filters and projections
 * (mapped side by side) and into updating aggregates (GROUP BY without a window) of retractable
 * aggregates, then into a Debezium sink or the preview; any other operator over it is refused at
 * `pos` (changelogOf). The sink of a top updating aggregate is checked by finishUpdating.
 */
export function checkChangelog(plan: LogicalPlan, sink: SinkSpec, pos: Pos): void {
  const origin = changelogOf(plan, pos);
  const plain = plainRowsSink(sink);
  if (origin === null || plain === undefined) return;
  throw sqlError(
    'SQL_INVALID',
    pos,
    origin === 'debezium'
      ? `the debezium_json source ${firstDebezium(plan)} is a changelog of updates and deletes, and the sink ${plain.table} is format '${plain.format}'`
      : `GROUP BY without a window is an updating aggregate, and the sink ${plain.table} is format '${plain.format}'`,
    origin === 'debezium'
      ? `updates need a sink WITH (format = 'debezium_json')`
      : `updates need a sink WITH (format = 'debezium_json'), or add a window: GROUP BY tumble(interval '1 minute') AS window, …`,
  );
}

function firstDebezium(node: LogicalPlan): string | undefined {
  if (node.kind === 'scan') return node.source.format === 'debezium_json' ? node.source.table : undefined;
  for (const c of children(node)) {
    const t = firstDebezium(c);
    if (t !== undefined) return t;
  }
  return undefined;
}
