import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Code, type FunctionUrl, FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { userSourceStream } from '../../compiler/spec/index.ts';
import type { Pipeline } from '../pipeline.ts';
import type { ResolvedPipelineProps } from '../pipeline-props.ts';
import { SluiceFunction } from '../sluice-function.ts';
import { consoleStatements } from './console-grants.ts';
import { consoleFunctionName, type PipelineConsoleProps } from './console-props.ts';
import { ConsoleAssetError } from './errors.ts';

/** Properties of a `PipelineConsole`: the console's, plus the pipeline it shows. */
export interface PipelineConsoleConstructProps extends PipelineConsoleProps {
  readonly pipeline: Pipeline;
  /** The pipeline's resolved settings (runtime, architecture, log retention, removal policy). */
  readonly settings: ResolvedPipelineProps;
}

/**
 * The web console of one pipeline, in the cloud: one function (the bundled console API with its
 * cloud backend, and the UI) behind a function URL with `AuthType: AWS_IAM`, so only callers whose
 * IAM identity may `lambda:InvokeFunctionUrl` on it reach it. `sluice console --remote URL` signs a
 * browser's requests (SigV4) on 127.0.0.1. Its role reads this pipeline's table and streams, and
 * writes only the rescale log, rescale jobs and replayed dead letters (console-grants.ts).
 */
export class PipelineConsole extends Construct {
  readonly fn: SluiceFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: PipelineConsoleConstructProps) {
    super(scope, id);
    const s = props.settings;
    const spec = s.spec;
    checkAssetDir(props.assetDir, spec.name);
    const functionName = consoleFunctionName(spec.name);
    const timeout = props.timeout ?? Duration.minutes(15);
    const userStreams = props.userStreams ?? 'read';
    const selfArn = Stack.of(this).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // A stage an event source mapping invokes on a topic (Kafka) reads no stream: none to grant.
    const stages = [...props.pipeline.stages.values()].flatMap((st) =>
      st.input
        ? [
            {
              id: st.stage.id,
              inputArn: st.input.streamArn,
              userStream:
                st.stage.input.kind === 'source' && userSourceStream(st.stage.input.source) !== undefined,
              source: st.stage.input.kind === 'source',
            },
          ]
        : [],
    );
    this.fn = new SluiceFunction(this, 'Console', {
      functionName,
      description: `sluice ${spec.name} console: status, rescale and dead letters of this pipeline`,
      code: Code.fromAsset(props.assetDir),
      environment: {
        SLUICE_TABLE: props.pipeline.table.tableName,
        SLUICE_CONSOLE_USER_STREAMS: userStreams,
        SLUICE_CONSOLE_TIMEOUT_S: String(timeout.toSeconds()),
      },
      statements: consoleStatements({
        tableArn: props.pipeline.table.tableArn,
        stages,
        userStreams,
        selfArn,
      }),
      settings: { ...s, memorySize: props.memorySize ?? 512, timeout },
    });
    // A rescale job must never run twice: no retries of the asynchronous self-invocation.
    this.fn.function.configureAsyncInvoke({ retryAttempts: 0 });
    this.url = this.fn.function.addFunctionUrl({
      authType: FunctionUrlAuthType.AWS_IAM,
      invokeMode: InvokeMode.BUFFERED,
    });
    new CfnOutput(this, 'Url', {
      value: this.url.url,
      description: `sluice console of ${spec.name} (IAM): open it with 'sluice console --remote ${spec.name}'`,
    });
  }

  /** Lets `grantee` call the console's function URL (`lambda:InvokeFunctionUrl`). */
  grantInvokeUrl(grantee: IGrantable): Grant {
    return this.fn.function.grantInvokeUrl(grantee);
  }
}

/** The asset must hold the bundle, the UI and this pipeline's spec. */
function checkAssetDir(dir: string, pipeline: string): void {
  const missing = ['index.mjs', 'spec.json', 'ui/index.html'].filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new ConsoleAssetError(
      `the console asset directory '${dir}' lacks ${missing.join(', ')}; build it with prepareConsoleDir()`,
    );
  }
  const name = (JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8')) as { name?: unknown }).name;
  if (name !== pipeline) {
    throw new ConsoleAssetError(
      `the console asset directory '${dir}' holds the spec of pipeline '${String(name)}', not '${pipeline}'`,
    );
  }
}
