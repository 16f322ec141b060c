import { mkdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { udfBundleEntry } from '../udf/bundle-entry.ts';
import { bundleLambda, bundleLambdaSync } from './bundle-lambda.ts';

/** The checkout's root from the sources, or the installed package's `dist/`. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `ts` when running from the sources (tsx, vitest); `js` from the installed package's `dist/`. */
export const sourceExt = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const handler = join(repoRoot, `functions/handler.${sourceExt}`);

/**
 * Bundles the one generic stage handler with esbuild (once, shared by every stage, as the cloud
 * assembly does) and returns the path of `index.mjs`. With a `spec` that calls TypeScript UDFs,
 * the bundle also holds and registers their modules (ops/udf/bundle-entry.ts).
 */
export async function bundleHandler(outDir: string, spec?: PipelineSpec): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  const entry =
    spec?.udfs !== undefined && spec.udfs.length > 0
      ? {
          stdin: {
            contents: await udfBundleEntry(
              spec,
              handler,
              join(repoRoot, `functions/udf/registry.${sourceExt}`),
            ),
            resolveDir: repoRoot,
            sourcefile: 'sluice-udf-entry.ts',
            loader: 'ts' as const,
          },
        }
      : { entryPoints: [handler] };
  await bundleLambda(entry, outfile);
  return outfile;
}

/**
 * The stage handler bundle of a pipeline without UDFs, built synchronously (a CDK construct is
 * built synchronously). Returns the path of `index.mjs`.
 */
export function bundleHandlerSync(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  bundleLambdaSync({ entryPoints: [handler] }, outfile);
  return outfile;
}

/** The deployment package of a stage function: the shared bundle plus the pipeline's spec.json. */
export async function handlerZip(bundlePath: string, spec: PipelineSpec): Promise<Uint8Array> {
  const code = await readFile(bundlePath);
  return zipSync({
    'index.mjs': new Uint8Array(code),
    'spec.json': new TextEncoder().encode(JSON.stringify(spec)),
  });
}
