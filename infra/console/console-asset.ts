import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../../cli/bundle-handler.ts';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { UI_FILES } from '../../console/cloud/static-ui.ts';
import { buildUi } from '../../console/server/build-ui.ts';
import { ConsoleAssetError } from './errors.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `ts` when running from the sources (tsx, vitest); `js` from the installed package's `dist/`. */
const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/**
 * The SQL parser's WebAssembly and its wasm-bindgen glue, which the console's Validate needs.
 * compiler/parse/wasm-parser.ts reads both from `./wasm/` beside the bundle when the package is
 * not installed (as in the function's code directory), so it can re-create a parser after a fault.
 */
const PARSER_FILES = ['sqlparser_rs_wasm_bg.wasm', 'sqlparser_rs_wasm.js'];

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
  await build({
    entryPoints: [join(repoRoot, `console/cloud/lambda-handler.${ext}`)],
    ...bundleOptions(join(opts.dir, 'index.mjs')),
  });
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
