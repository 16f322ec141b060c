import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { UI_FILES } from '../../console/cloud/static-ui.ts';
import { buildUi } from '../../console/server/build-ui.ts';
import { ConsoleAssetError } from './errors.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The SQL parser's WebAssembly, which the console's Validate needs (compiler/parse/sqlparser.ts). */
const WASM = 'sqlparser_rs_wasm_bg.wasm';

/**
 * The parser package reads its .wasm from `../wasm/` next to its own file, which in a bundle is
 * outside the function's code directory (`/var/task/../wasm`). Point it at `./wasm/` next to
 * `index.mjs` instead, where prepareConsoleDir copies it.
 */
const wasmBesideBundle: Plugin = {
  name: 'sluice-sqlparser-wasm',
  setup(b) {
    b.onLoad({ filter: /sqlparser-ts[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const patched = text.replaceAll(`"../wasm/${WASM}"`, `"./wasm/${WASM}"`);
      if (patched === text)
        throw new ConsoleAssetError(
          `${args.path} no longer loads ../wasm/${WASM}: update the console bundle`,
        );
      return { contents: patched, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

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
    entryPoints: [join(repoRoot, 'console/cloud/lambda-handler.ts')],
    outfile: join(opts.dir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    plugins: [wasmBesideBundle],
    // Some AWS SDK dependencies still call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __sluiceCreateRequire } from 'node:module';\nconst require = __sluiceCreateRequire(import.meta.url);",
    },
  });
  const parserDir = dirname(createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts'));
  await mkdir(join(opts.dir, 'wasm'), { recursive: true });
  await copyFile(join(parserDir, '..', 'wasm', WASM), join(opts.dir, 'wasm', WASM));
  const ui = await buildUi();
  for (const [path, f] of Object.entries(UI_FILES)) {
    const file = ui.files.get(path);
    if (!file) throw new ConsoleAssetError(`the console UI bundle has no ${path}`);
    await writeFile(join(opts.dir, 'ui', f.file), file.body);
  }
  await writeFile(join(opts.dir, 'spec.json'), `${JSON.stringify(opts.spec)}\n`);
  return opts.dir;
}
