import { createRequire } from 'node:module';
import type { BuildOptions, Metafile } from 'esbuild';

/** What to bundle: entry files, or one entry module given as text (`stdin`). */
export type LambdaEntry = Pick<BuildOptions, 'entryPoints' | 'stdin'>;

/** esbuild settings of a Node.js 20 Lambda bundle: one ESM file. */
function lambdaOptions(entry: LambdaEntry, outfile: string): BuildOptions & { metafile: true } {
  return {
    ...entry,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    metafile: true,
    // Some AWS SDK dependencies still call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __sluiceCreateRequire } from 'node:module';\nconst require = __sluiceCreateRequire(import.meta.url);",
    },
  };
}

/**
 * Bundles a Lambda function's code into one ESM file for Node 20 with esbuild: the stage handler
 * (ops/bundle/bundle-handler.ts) and the console function (infra/console/console-asset.ts).
 * esbuild is loaded here, on first use, so a command that bundles nothing does not load it.
 * Returns esbuild's metafile: which source files went into the bundle.
 */
export async function bundleLambda(entry: LambdaEntry, outfile: string): Promise<Metafile> {
  const { build } = await import('esbuild');
  return (await build(lambdaOptions(entry, outfile))).metafile;
}

/** The same, synchronously (a CDK construct is built synchronously). */
export function bundleLambdaSync(entry: LambdaEntry, outfile: string): Metafile {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  return buildSync(lambdaOptions(entry, outfile)).metafile;
}
