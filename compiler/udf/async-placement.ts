import { sqlError } from '../errors/sql-error.ts';
import type { OperatorSpec, PipelineSpec } from '../spec/pipeline-spec.ts';
import { udfIdsIn } from '../spec/udf-spec.ts';
import type { UdfCatalog } from './udf-catalog.ts';

const isStateless = (op: OperatorSpec): boolean => op.kind === 'filter' || op.kind === 'project';

/**
 * Async UDFs are evaluated in a pre-pass over the rows entering a stage (functions/udf/), before the
 * synchronous operator chain runs. So they may only appear in the stage's leading filter/project
 * run: WHERE and SELECT over a table or view, GROUP BY keys and aggregate arguments. Refuses them
 * after a window, join, aggregate, top-N or UNNEST, at the SQL position of the first call.
 */
export function checkAsyncPlacement(spec: PipelineSpec, catalog: UdfCatalog): void {
  const asyncIds = new Set((spec.udfs ?? []).filter((u) => u.async !== null).map((u) => u.id));
  if (asyncIds.size === 0) return;
  for (const stage of spec.stages) {
    const lead = stage.operators.findIndex((op) => !isStateless(op));
    if (lead < 0) continue;
    const after = stage.operators.slice(lead);
    for (const id of udfIdsIn(after)) {
      if (!asyncIds.has(id)) continue;
      const def = catalog.byId(id);
      throw sqlError(
        'SQL_UNSUPPORTED',
        catalog.usedAt(id) ?? { line: 1, column: 1 },
        `async UDF ${def?.name ?? id}() cannot run after a ${stage.operators[lead]?.kind.replace('_', ' ')} (stage ${stage.id}: ${stage.label})`,
        'async UDFs run where rows enter a stage (WHERE, SELECT, GROUP BY keys and aggregate arguments over a table or view): call it in a view over the input, then aggregate or join the view',
      );
    }
  }
}
