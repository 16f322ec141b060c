import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';

/**
 * Joins are windowed on tumbling windows only. An input whose rows are hop or session window
 * results (through filters and projects) would otherwise be joined as a plain stream, dropping the
 * window from the key: refuse it instead.
 */
export function refuseNonTumbleJoinInput(plan: LogicalPlan, pos: Pos): void {
  let node: LogicalPlan = plan;
  while (node.kind === 'filter' || node.kind === 'project') node = node.input;
  if (node.kind === 'window_aggregate' && node.window.kind !== 'tumble')
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `joining ${node.window.kind} window results is not supported`,
      'join inputs grouped by the same tumble(…) window, or join first and then aggregate with hop/session',
    );
}
