#!/usr/bin/env node
// The `sluice` command. Runs the TypeScript CLI through tsx's ESM loader (no build step needed).
import { register } from 'tsx/esm/api';

// The AWS SDK is pinned (package-lock) to releases that support Node 20; its notice that *later*
// releases will need Node 22 is not actionable for sluice users, so keep it off stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
