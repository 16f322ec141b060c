import { consoleRemoteCommand } from './console-remote.ts';
import { parseServeArgs, serve } from './dev.ts';

/**
 * `sluice console`: local stack + the console; pipelines are created from its SQL editor.
 * `sluice console --remote URL|PIPELINE`: the console of a deployed pipeline, through a local
 * signing proxy (console-remote.ts).
 */
export async function consoleCommand(argv: readonly string[]): Promise<number> {
  if (argv.some((a) => a === '--remote' || a.startsWith('--remote='))) return consoleRemoteCommand(argv);
  return serve(parseServeArgs('console', argv, false));
}
