import type { StageRef } from '../../ops/index.ts';
import type { StageView } from './types.ts';

/** A pipeline's stages as the API shows them (the DAG view), from the registry's stage refs. */
export function stageViews(stages: readonly StageRef[]): StageView[] {
  return stages.map((s) => ({
    id: s.id,
    label: s.label,
    upstream: s.upstream,
    inputStream: s.inputStream,
    userStream: s.userStream,
  }));
}
