import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import type { PipelineConsoleProps } from '../../../infra/console/console-props.ts';
import { PipelineStack } from '../../../infra/pipeline-stack.ts';
import { scratchDir } from '../../support/scratch-dir.ts';
import { type Built, fakeHandlerDir } from './helpers.ts';

/** A console asset with a stand-in bundle and UI: the unit tests check the template, not the code. */
export function fakeConsoleDir(spec: PipelineSpec): string {
  const dir = join(scratchDir('console-'), 'console');
  mkdirSync(join(dir, 'ui'), { recursive: true });
  writeFileSync(
    join(dir, 'index.mjs'),
    'export const handler = async () => ({ statusCode: 200, body: "" });\n',
  );
  writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html>\n');
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  return dir;
}

/** The pipeline stack of `spec` with its console. */
export function buildConsoleStack(
  spec: PipelineSpec,
  console: Omit<PipelineConsoleProps, 'assetDir'> = {},
): Built {
  const app = new App({
    outdir: scratchDir('cdk-'),
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  const stack = new PipelineStack(app, `sluice-${spec.name}`, {
    spec,
    handlerDir: fakeHandlerDir(spec),
    console: { ...console, assetDir: fakeConsoleDir(spec) },
  });
  return { app, stack, template: Template.fromStack(stack) };
}
