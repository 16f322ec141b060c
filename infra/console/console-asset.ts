import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { buildUi, bundleLambda, sourceExt, UI_FILES } from '../../ops/index.ts';
import { ConsoleAssetError } from './errors.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The SQL parser's WebAssembly and its wasm-bindgen glue, which the console's Validate needs.
 * compiler/parse/wasm-parser.ts reads both from `./wasm/` beside the bundle when the package is
 * not installed (as in the function's code directory), so it can re-create a parser after a fault.
 */
const PARSER_FILES = ['sqlparser_rs_wasm_bg.wasm', 'sqlparser_rs_wasm.js'];

/**
 * Bundles the console function's code (console/cloud/lambda-handler.ts) into `outfile` and returns
 * esbuild's metafile. It carries the console's API and the control plane it calls (ops/), never
 * the CLI (test/unit/console/console-bundle.test.ts).
 */
export function bundleConsoleFunction(outfile: string): Promise<Metafile> {
  return bundleLambda(
    { entryPoints: [join(repoRoot, `console/cloud/lambda-handler.${sourceExt}`)] },
    outfile,
  );
}

export interface PrepareConsoleDirOptions {
  readonly spec: PipelineSpec;
  /** The directory to fill (created if missing). */
  readonly dir: string;
}

/**
 * Fills the console function's asset directory: `index.mjs` (esbuild bundle of
 * console/cloud/lambda-handler.ts, once per synth, as the stage handler is bundled), `wasm/` (the
 * SQL parser, for Validate), `ui/` (the same UI bundle the local console serves) and the
 * pipeline's `spec.json`. Returns `dir`.
 */
export async function prepareConsoleDir(opts: PrepareConsoleDirOptions): Promise<string> {
  await mkdir(join(opts.dir, 'ui'), { recursive: true });
  await bundleLambda(
    { entryPoints: [join(repoRoot, `console/cloud/lambda-handler.${sourceExt}`)] },
    join(opts.dir, 'index.mjs'),
  );
  const parserDir = dirname(createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts'));
  await mkdir(join(opts.dir, 'wasm'), { recursive: true });
  for (const f of PARSER_FILES) await copyFile(join(parserDir, '..', 'wasm', f), join(opts.dir, 'wasm', f));
  const ui = await buildUi();
  for (const [path, f] of Object.entries(UI_FILES)) {
    const file = ui.files.get(path);
    if (!file) throw new ConsoleAssetError(`the console UI bundle has no ${path}`);
    await writeFile(join(opts.dir, 'ui', f.file), file.body);
  }
  await writeFile(join(opts.dir, 'spec.json'), `${JSON.stringify(opts.spec)}\n`);
  return opts.dir;
}
