import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import { bundleHandler, bundleHandlerSync } from '../ops/index.ts';
import { HandlerBundleError } from './errors.ts';

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

/** This process's scratch folder for handler directories, removed when the process exits. */
let scratch: string | undefined;
/** The UDF-free handler bundle, built once per process and copied into every handler directory. */
let sharedBundle: string | undefined;

/**
 * `prepareHandlerDir` done synchronously in a scratch folder of this process (removed at exit,
 * after CDK has copied the asset into the cloud assembly), for a `Pipeline` given SQL text. The
 * bundle is built once per process. A spec that calls UDFs needs `prepareHandlerDir`, which bundles
 * their modules.
 */
export function prepareHandlerDirSync(spec: PipelineSpec): string {
  if (spec.udfs !== undefined && spec.udfs.length > 0) {
    throw new HandlerBundleError(
      `pipeline '${spec.name}' calls TypeScript UDFs: build its handler directory with prepareHandlerDir() and pass handlerDir`,
    );
  }
  if (scratch === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-handler-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  sharedBundle ??= bundleHandlerSync(join(scratch, 'bundle'));
  const dir = mkdtempSync(join(scratch, `${spec.name}-`));
  copyFileSync(sharedBundle, join(dir, 'index.mjs'));
  writeFileSync(join(dir, 'spec.json'), `${JSON.stringify(spec)}\n`);
  return dir;
}
