import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';

/**
 * Joins are windowed on tumbling or hopping windows only. An input whose rows are session window
 * results (through filters and projects) would otherwise be joined as a plain stream, dropping the
 * window from the key: refuse it instead.
 */
export function refuseSessionJoinInput(plan: LogicalPlan, pos: Pos): void {
  let node: LogicalPlan = plan;
  while (node.kind === 'filter' || node.kind === 'project') node = node.input;
  if (node.kind === 'window_aggregate' && node.window.kind === 'session')
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `joining ${node.window.kind} window results is not supported`,
      'join inputs grouped by the same tumble(…) or hop(…) window, or join first and then aggregate with session(…)',
    );
}
