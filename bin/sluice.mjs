#!/usr/bin/env node
// The `sluice` command. In a checkout it runs the TypeScript CLI through tsx's ESM loader (no
// build step needed); the installed package runs its built JavaScript (dist/, `npm run build`).
import { existsSync } from 'node:fs';

// The AWS SDK is pinned (package-lock) to releases that support Node 20; its notice that *later*
// releases will need Node 22 is not actionable for sluice users, so keep it off stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const source = new URL('../cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
