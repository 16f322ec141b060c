import type { BuildOptions, Metafile } from 'esbuild';

/** What to bundle: entry files, or one entry module given as text (`stdin`). */
export type LambdaEntry = Pick<BuildOptions, 'entryPoints' | 'stdin'>;

/**
 * Bundles a Lambda function's code into one ESM file for Node 20 with esbuild: the stage handler
 * (ops/bundle/bundle-handler.ts) and the console function (infra/console/console-asset.ts).
 * esbuild is loaded here, on first use, so a command that bundles nothing does not load it.
 * Returns esbuild's metafile: which source files went into the bundle.
 */
export async function bundleLambda(entry: LambdaEntry, outfile: string): Promise<Metafile> {
  const { build } = await import('esbuild');
  const result = await build({
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
  });
  return result.metafile;
}
