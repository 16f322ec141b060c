import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import { bundleHandler } from '../ops/index.ts';

export interface PrepareHandlerDirOptions {
  readonly spec: PipelineSpec;
  /** The directory to fill with `index.mjs` and `spec.json` (created if missing). */
  readonly dir: string;
  /** An existing esbuild bundle of `functions/handler.ts` to copy. @default - bundle it now (esbuild) */
  readonly bundleFile?: string;
}

/**
 * Fills the handler asset directory: the one stage-handler bundle (esbuild, once per synth) and
 * the pipeline's `spec.json`, which the handler reads next to itself. Every function's
 * `Code.fromAsset` points at this one directory. Returns `dir`.
 */
export async function prepareHandlerDir(opts: PrepareHandlerDirOptions): Promise<string> {
  await mkdir(opts.dir, { recursive: true });
  if (opts.bundleFile !== undefined) await copyFile(opts.bundleFile, join(opts.dir, 'index.mjs'));
  else await bundleHandler(opts.dir, opts.spec);
  await writeFile(join(opts.dir, 'spec.json'), `${JSON.stringify(opts.spec)}\n`);
  return opts.dir;
}
