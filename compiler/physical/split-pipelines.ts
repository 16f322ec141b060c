import type { LogicalPlan } from '../logical/plan.ts';
import { renumberStages } from './renumber-stages.ts';
import { type PhysicalStage, splitStages } from './stages.ts';

/**
 * The stages of several sink plans (one per sink of the file), numbered plan after plan. Each plan
 * keeps its own chain of stages: plans that read the same source table read its one ingest stream
 * (each stage with its own mapping), so the fan-out to several sinks happens at that stream.
 */
export function splitPipelines(plans: readonly LogicalPlan[]): PhysicalStage[] {
  const stages: PhysicalStage[] = [];
  for (const plan of plans) stages.push(...renumberStages(splitStages(plan), stages.length));
  return stages;
}
