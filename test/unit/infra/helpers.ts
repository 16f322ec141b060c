import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { compile } from '../../../compiler/index.ts';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import type { PipelineProps } from '../../../infra/pipeline-props.ts';
import { PipelineStack } from '../../../infra/pipeline-stack.ts';
import { loadPipeline } from '../../../ops/load-pipeline.ts';
import { scratchDir } from '../../support/scratch-dir.ts';

export const EXAMPLE = 'examples/kinesis-tumble.sql';

/** The example pipeline: kinesis source → tumble window → kinesis sink, at parallelism 2. */
export const exampleSpec = (parallelism = 2): Promise<PipelineSpec> => loadPipeline(EXAMPLE, parallelism);

/** Compiles inline SQL (kinesis connectors need no files). */
export const specOf = (sql: string, name = 'inline', parallelism = 2): PipelineSpec =>
  compile(sql, { file: `${name}.sql`, baseDir: process.cwd(), name, parallelism });

/**
 * A handler directory with a stand-in bundle: unit tests check the template, not the code, and
 * skip esbuild. (The integration test deploys the real bundle.)
 */
export function fakeHandlerDir(spec: PipelineSpec): string {
  const dir = join(scratchDir('infra-'), 'handler');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  return dir;
}

export interface Built {
  readonly app: App;
  readonly stack: PipelineStack;
  readonly template: Template;
}

/** Builds the stack of a spec in a fresh app (no built-in CloudFormation validation: fast). */
export function buildStack(spec: PipelineSpec, props: Partial<PipelineProps> = {}): Built {
  const app = new App({
    outdir: scratchDir('cdk-'),
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  const stack = new PipelineStack(app, `sluice-${spec.name}`, {
    spec,
    handlerDir: fakeHandlerDir(spec),
    ...props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** Replaces asset hashes, so snapshots survive any change of the bundle. */
export function normalizeAssets(template: unknown): unknown {
  return JSON.parse(
    JSON.stringify(template)
      .replace(/[0-9a-f]{64}\.zip/g, 'ASSET_HASH.zip')
      .replace(/asset\.[0-9a-f]{64}/g, 'asset.ASSET_HASH'),
  );
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

/** The template's resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}
