import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import { prepareConsoleDir } from './console/console-asset.ts';
import type { PipelineConsoleProps } from './console/console-props.ts';
import { prepareHandlerDir } from './handler-dir.ts';
import type { PipelineProps } from './pipeline-props.ts';
import { PipelineStack, stackNameFor } from './pipeline-stack.ts';
import { assertConnectorsSupported } from './stage-streams.ts';
import { type ResourceSummary, summarizeTemplate } from './summarize.ts';

export interface SynthPipelineOptions {
  readonly spec: PipelineSpec;
  /** Where the cloud assembly goes. @default 'cdk.out' */
  readonly outDir?: string;
  /** @default `sluice-<pipeline>` */
  readonly stackName?: string;
  /** An existing bundle of the stage handler to reuse. @default - bundle with esbuild now */
  readonly bundleFile?: string;
  /** Further pipeline properties (target, mapping settings, …). */
  readonly props?: Omit<PipelineProps, 'spec' | 'handlerDir'>;
  /**
   * Add the web console (a function behind an IAM-authenticated function URL; its bundle is built
   * here): `true`, or its settings.
   * @default false
   */
  readonly console?: boolean | Omit<PipelineConsoleProps, 'assetDir'>;
  /**
   * Run CDK's built-in CloudFormation validation (about 1.5–5 s on a cold process).
   * @default true, unless the environment sets CDK_VALIDATION=false
   */
  readonly validate?: boolean;
  readonly onStep?: (step: string) => void;
}

export interface SynthPipelineResult {
  /** Absolute path of the cloud assembly. */
  readonly assemblyDir: string;
  readonly stackName: string;
  /** Absolute path of the stack's template. */
  readonly templateFile: string;
  readonly template: CfnTemplate;
  readonly resources: readonly ResourceSummary[];
}

export interface CfnTemplate {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  readonly [key: string]: unknown;
}

/**
 * Synthesizes a pipeline's cloud assembly without the CDK CLI: bundle the handler once, build the
 * `PipelineStack`, write `outDir`. Asset metadata (`aws:asset:path`) is on, so `deployAssembly`
 * can find each function's code. Throws `CloudConnectorError` for local-only connectors on `aws`.
 */
export async function synthPipeline(opts: SynthPipelineOptions): Promise<SynthPipelineResult> {
  const step = opts.onStep ?? (() => {});
  const outDir = resolve(opts.outDir ?? 'cdk.out');
  const stackName = opts.stackName ?? stackNameFor(opts.spec.name);
  // refuse local-only connectors before spending time on the bundle
  assertConnectorsSupported(opts.spec, opts.props?.target ?? 'aws');
  const work = await mkdtemp(join(tmpdir(), 'sluice-handler-'));
  try {
    step(opts.bundleFile ? 'preparing the handler asset' : 'bundling the stage handler (esbuild)');
    const handlerDir = await prepareHandlerDir({
      spec: opts.spec,
      dir: join(work, 'handler'),
      ...(opts.bundleFile ? { bundleFile: opts.bundleFile } : {}),
    });
    const consoleProps = opts.console === undefined || opts.console === false ? undefined : opts.console;
    let console_: PipelineConsoleProps | undefined;
    if (consoleProps !== undefined) {
      step('bundling the console (esbuild)');
      const assetDir = await prepareConsoleDir({ spec: opts.spec, dir: join(work, 'console') });
      console_ = { ...(consoleProps === true ? {} : consoleProps), assetDir };
    }
    step(`synthesizing stack ${stackName}`);
    const app = new App({
      outdir: outDir,
      analyticsReporting: false,
      builtinCloudFormationValidation: opts.validate ?? process.env.CDK_VALIDATION !== 'false',
      context: { 'aws:cdk:enable-asset-metadata': true },
    });
    const stack = new PipelineStack(app, stackName, {
      ...opts.props,
      spec: opts.spec,
      handlerDir,
      stackName,
      ...(console_ ? { console: console_ } : {}),
    });
    const assembly = app.synth();
    const templateFile = join(assembly.directory, stack.templateFile);
    const template = JSON.parse(await readFile(templateFile, 'utf8')) as CfnTemplate;
    return {
      assemblyDir: assembly.directory,
      stackName,
      templateFile,
      template,
      resources: summarizeTemplate(template),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
