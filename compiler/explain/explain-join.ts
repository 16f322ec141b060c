import { formatInterval } from '../parse/interval.ts';
import type { UpdatingJoinSpec, WindowJoinSpec } from '../spec/join-spec.ts';
import { renderExpr } from './render-expr.ts';

/** `sluice compile` lines for a join operator. */
export function explainJoin(op: WindowJoinSpec | UpdatingJoinSpec): string[] {
  const how =
    op.kind === 'window_join'
      ? `window_join ${op.joinType} tumble(${formatInterval(op.sizeMs)})`
      : `updating_join ${op.joinType} ttl ${formatInterval(op.ttlMs)}`;
  return [
    `${how} on (${op.keys.join(', ')}) side ${op.sideColumn}`,
    `  left ${op.left.join(', ')}`,
    `  right ${op.right.join(', ')}`,
    ...(op.residual === null ? [] : [`  where ${renderExpr(op.residual)}`]),
  ];
}
