import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface UiAssets {
  /** Path → content type and bytes. */
  readonly files: ReadonlyMap<string, { type: string; body: Buffer }>;
}

/**
 * The files of the console UI bundle, by URL path: what `buildUi` makes, what the console asset
 * holds under `ui/` (infra/console/console-asset.ts) and what the console function serves
 * (console/cloud/static-ui.ts).
 */
export const UI_FILES = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
} as const;

/**
 * Bundles the console UI with esbuild into memory (one JS and one CSS file, no network at run
 * time): `/`, `/app.js`, `/app.css`. About 100 ms, so it runs at every start.
 */
export async function buildUi(): Promise<UiAssets> {
  const { build } = await import('esbuild');
  const uiDir = join(import.meta.dirname, '..', '..', 'console', 'ui');
  const result = await build({
    entryPoints: [join(uiDir, 'src', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    outdir: '/ui',
    entryNames: 'app',
    logLevel: 'silent',
    loader: { '.css': 'css' },
  });
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const f of result.outputFiles) {
    const name = f.path.slice(f.path.lastIndexOf('/'));
    const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    files.set(name, { type, body: Buffer.from(f.contents) });
  }
  files.set('/', { type: 'text/html; charset=utf-8', body: await readFile(join(uiDir, 'index.html')) });
  return { files };
}
