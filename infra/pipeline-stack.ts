import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PipelineConsoleProps } from './console/console-props.ts';
import { PipelineConsole } from './console/pipeline-console.ts';
import { Pipeline } from './pipeline.ts';
import type { PipelineProps } from './pipeline-props.ts';

/** Properties of a `PipelineStack`: the pipeline's, plus the usual stack properties. */
export interface PipelineStackProps extends StackProps, PipelineProps {
  /**
   * Deploy the web console with the pipeline: a function behind an IAM-authenticated function URL
   * (docs/console.md "In the cloud").
   * @default - no console
   */
  readonly console?: PipelineConsoleProps;
}

/** The default stack name of a pipeline: `sluice-<pipeline>`. */
export const stackNameFor = (pipeline: string): string => `sluice-${pipeline}`;

/** One stack per pipeline, holding one `Pipeline` (and its console, when asked for). */
export class PipelineStack extends Stack {
  readonly pipeline: Pipeline;
  readonly console: PipelineConsole | undefined;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    this.pipeline = new Pipeline(this, 'Pipeline', props);
    this.templateOptions.description ??= `sluice pipeline ${this.pipeline.settings.spec.name}`;
    this.console = props.console
      ? new PipelineConsole(this, 'Console', {
          ...props.console,
          pipeline: this.pipeline,
          settings: this.pipeline.settings,
        })
      : undefined;
  }
}
