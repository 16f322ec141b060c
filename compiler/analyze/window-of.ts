import type { LogicalPlan } from '../logical/plan.ts';

/**
 * The window of a plan whose rows are window results (through filters/projects): a tumble size, or
 * a hop's slide (`sizeMs`, the join's bucket) and width.
 */
export function windowOf(plan: LogicalPlan): JoinWindow | null {
  switch (plan.kind) {
    case 'window_aggregate':
      if (plan.perInputWindow === true) return windowOf(plan.input);
      if (plan.window.kind === 'tumble') return { sizeMs: plan.window.sizeMs };
      if (plan.window.kind === 'hop') return { sizeMs: plan.window.slideMs, hopWidthMs: plan.window.sizeMs };
      return null;
    case 'filter':
    case 'project':
      return windowOf(plan.input);
    case 'join':
      return plan.mode.kind === 'window'
        ? { sizeMs: plan.mode.sizeMs, hopWidthMs: plan.mode.hopWidthMs }
        : null;
    default:
      return null;
  }
}

export interface JoinWindow {
  readonly sizeMs: number;
  readonly hopWidthMs?: number | undefined;
}

export const describeWindow = (w: JoinWindow): string =>
  w.hopWidthMs === undefined ? `tumble ${w.sizeMs} ms` : `hop slide ${w.sizeMs} ms width ${w.hopWidthMs} ms`;
