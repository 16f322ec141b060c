import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Pipeline } from './pipeline.ts';
import type { PipelineProps } from './pipeline-props.ts';

/** Properties of a `PipelineStack`: the pipeline's, plus the usual stack properties. */
export interface PipelineStackProps extends StackProps, PipelineProps {}

/** The default stack name of a pipeline: `sluice-<pipeline>`. */
export const stackNameFor = (pipeline: string): string => `sluice-${pipeline}`;

/** One stack per pipeline, holding one `Pipeline`. */
export class PipelineStack extends Stack {
  readonly pipeline: Pipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, {
      description: `sluice pipeline ${props.spec.name}`,
      ...props,
    });
    this.pipeline = new Pipeline(this, 'Pipeline', props);
  }
}
