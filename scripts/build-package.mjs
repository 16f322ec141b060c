#!/usr/bin/env node
// `npm run build` (and `prepack`): the installable package's `dist/`, which Node loads without a
// TypeScript loader. tsc (tsconfig.build.json) emits the JS and `.d.ts` of the code rooms; this
// script then makes the declarations import `.js` (tsc rewrites `.ts` imports in JS only) and
// copies what the code reads at run time beside itself: non-TypeScript files (the Lambda
// emulator's worker runtime, DynamoDB Local's launcher) and the console UI's sources, which esbuild
// bundles when a console starts (their imports of other rooms are type-only).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
const rooms = build.include.filter((room) => existsSync(join(root, room)));
/** Files of the rooms that are sources or notes, not run-time inputs. */
const notCopied = /\.(ts|md|java|sh|yml)$|(^|\/)tsconfig\.json$/;

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else yield path;
  }
}

let declarations = 0;
for (const file of files(dist)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g, '$1$2$3.js$2');
  if (fixed !== text) {
    writeFileSync(file, fixed);
    declarations++;
  }
}

let copied = 0;
for (const room of rooms) {
  for (const file of files(join(root, room))) {
    const rel = relative(root, file);
    const ui = rel.split('/').includes('ui');
    if (rel.endsWith('.test.ts') || (!ui && notCopied.test(rel))) continue;
    if (ui && rel.endsWith('tsconfig.json')) continue;
    cpSync(file, join(dist, rel));
    copied++;
  }
}
process.stdout.write(
  `dist/: ${declarations} declaration files import .js, ${copied} run-time files copied\n`,
);
